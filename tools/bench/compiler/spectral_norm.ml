(* The Computer Language Benchmarks Game's spectral-norm: the largest singular value of the
   infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1), by 10 power iterations of A'A on N entries.
   float arrays are unboxed in OCaml. *)
let n = 4000

let a i j = 1.0 /. float_of_int (((i + j) * (i + j + 1) / 2) + i + 1)

let multiply_av v av =
  let n = Array.length v in
  for i = 0 to n - 1 do
    let sum = ref 0.0 in
    for j = 0 to n - 1 do
      sum := !sum +. a i j *. v.(j)
    done;
    av.(i) <- !sum
  done

let multiply_atv v atv =
  let n = Array.length v in
  for i = 0 to n - 1 do
    let sum = ref 0.0 in
    for j = 0 to n - 1 do
      sum := !sum +. a j i *. v.(j)
    done;
    atv.(i) <- !sum
  done

let multiply_atav v tmp atav =
  multiply_av v tmp;
  multiply_atv tmp atav

let () =
  let u = Array.make n 1.0 and v = Array.make n 0.0 and tmp = Array.make n 0.0 in
  for _ = 1 to 10 do
    multiply_atav u tmp v;
    multiply_atav v tmp u
  done;
  let vbv = ref 0.0 and vv = ref 0.0 in
  for i = 0 to n - 1 do
    vbv := !vbv +. u.(i) *. v.(i);
    vv := !vv +. v.(i) *. v.(i)
  done;
  Printf.printf "%.9f\n" (sqrt (!vbv /. !vv))
