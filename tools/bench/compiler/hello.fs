// Hello world, the F# peer of hello.clef (the same program): start-up time and memory.
printfn "Hello, world!"
