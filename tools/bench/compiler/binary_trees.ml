(* The Computer Language Benchmarks Game's binary-trees: allocate and walk perfect binary trees
   (OCaml's generational GC, default settings). *)
type tree = Leaf | Node of tree * tree

let min_depth = 4
let max_depth = max (min_depth + 2) 18
let stretch_depth = max_depth + 1

let rec bottom_up depth =
  if depth <= 0 then Node (Leaf, Leaf)
  else Node (bottom_up (depth - 1), bottom_up (depth - 1))

let rec check = function
  | Leaf -> 0
  | Node (l, r) -> 1 + check l + check r

let () =
  Printf.printf "stretch tree of depth %d\t check: %d\n" stretch_depth
    (check (bottom_up stretch_depth));
  let long_lived = bottom_up max_depth in
  let depth = ref min_depth in
  while !depth <= max_depth do
    let iterations = 1 lsl (max_depth - !depth + min_depth) in
    let sum = ref 0 in
    for _ = 1 to iterations do
      sum := !sum + check (bottom_up !depth)
    done;
    Printf.printf "%d\t trees of depth %d\t check: %d\n" iterations !depth !sum;
    depth := !depth + 2
  done;
  Printf.printf "long lived tree of depth %d\t check: %d\n" max_depth (check long_lived)
