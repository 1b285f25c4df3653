// The Computer Language Benchmarks Game's spectral-norm: the largest singular value of the
// infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1), by 10 power iterations of AᵀA on N entries.
let n = 4000

let a i j = 1.0 / float ((i + j) * (i + j + 1) / 2 + i + 1)

let multiplyAv (v: float[]) (av: float[]) =
    for i in 0 .. v.Length - 1 do
        let mutable sum = 0.0
        for j in 0 .. v.Length - 1 do
            sum <- sum + a i j * v.[j]
        av.[i] <- sum

let multiplyAtv (v: float[]) (atv: float[]) =
    for i in 0 .. v.Length - 1 do
        let mutable sum = 0.0
        for j in 0 .. v.Length - 1 do
            sum <- sum + a j i * v.[j]
        atv.[i] <- sum

let multiplyAtAv (v: float[]) (tmp: float[]) (atav: float[]) =
    multiplyAv v tmp
    multiplyAtv tmp atav

let u = Array.create n 1.0
let v = Array.create n 0.0
let tmp = Array.create n 0.0
for _ in 1 .. 10 do
    multiplyAtAv u tmp v
    multiplyAtAv v tmp u
let mutable vBv = 0.0
let mutable vv = 0.0
for i in 0 .. n - 1 do
    vBv <- vBv + u.[i] * v.[i]
    vv <- vv + v.[i] * v.[i]
printfn "%.9f" (sqrt (vBv / vv))
