// Sieve of Eratosthenes: count the primes below 50,000,000 with a bool array, 4 rounds.
let limit = 50000000
let rounds = 4

let countPrimes n =
    let isPrime = Array.create n true
    isPrime.[0] <- false
    isPrime.[1] <- false
    let mutable i = 2
    while i * i < n do
        if isPrime.[i] then
            for j in i * i .. i .. n - 1 do
                isPrime.[j] <- false
        i <- i + 1
    let mutable count = 0
    for k in 0 .. n - 1 do
        if isPrime.[k] then count <- count + 1
    count

let mutable count = 0
for _ in 1 .. rounds do
    count <- countPrimes limit
printfn "primes below %d: %d" limit count
