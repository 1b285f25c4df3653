module Main

open Greeting

[<EntryPoint>]
let main (argv: string[]) =
    let name = if argv.Length > 0 then argv.[0] else "world"
    printfn "%s" (greet name)
    printfn "%s" (Greeting.shout "done")
    argv.Length
