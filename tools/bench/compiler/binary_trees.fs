// The Computer Language Benchmarks Game's binary-trees: allocate and walk perfect binary trees.
type Tree =
    | Leaf
    | Node of Tree * Tree

let minDepth = 4
let maxDepth = max (minDepth + 2) 18
let stretchDepth = maxDepth + 1

let rec bottomUp depth =
    if depth <= 0 then Node (Leaf, Leaf)
    else Node (bottomUp (depth - 1), bottomUp (depth - 1))

let rec check tree =
    match tree with
    | Leaf -> 0
    | Node (l, r) -> 1 + check l + check r

printfn "stretch tree of depth %d\t check: %d" stretchDepth (check (bottomUp stretchDepth))

let longLived = bottomUp maxDepth
for depth in minDepth .. 2 .. maxDepth do
    let iterations = 1 <<< (maxDepth - depth + minDepth)
    let mutable sum = 0
    for _ in 1 .. iterations do
        sum <- sum + check (bottomUp depth)
    printfn "%d\t trees of depth %d\t check: %d" iterations depth sum
printfn "long lived tree of depth %d\t check: %d" maxDepth (check longLived)
