// The Computer Language Benchmarks Game's n-body: five planets, symplectic integration.
// Each body is a record with mutable fields (a pointer to one struct); the bodies an array.
type Body =
    { mutable X: float
      mutable Y: float
      mutable Z: float
      mutable VX: float
      mutable VY: float
      mutable VZ: float
      Mass: float }

let pi = 3.141592653589793
let solarMass = 4.0 * pi * pi
let daysPerYear = 365.24
let steps = 5000000

let planet x y z vx vy vz mass =
    { X = x; Y = y; Z = z
      VX = vx * daysPerYear; VY = vy * daysPerYear; VZ = vz * daysPerYear
      Mass = mass * solarMass }

let bodies =
    [| planet 0.0 0.0 0.0 0.0 0.0 0.0 1.0
       // Jupiter
       planet 4.84143144246472090e+00 -1.16032004402742839e+00 -1.03622044471123109e-01
              1.66007664274403694e-03 7.69901118419740425e-03 -6.90460016972063023e-05
              9.54791938424326609e-04
       // Saturn
       planet 8.34336671824457987e+00 4.12479856412430479e+00 -4.03523417114321381e-01
              -2.76742510726862411e-03 4.99852801234917238e-03 2.30417297573763929e-05
              2.85885980666130812e-04
       // Uranus
       planet 1.28943695621391310e+01 -1.51111514016986312e+01 -2.23307578892655734e-01
              2.96460137564761618e-03 2.37847173959480950e-03 -2.96589568540237556e-05
              4.36624404335156298e-05
       // Neptune
       planet 1.53796971148509165e+01 -2.59193146099879641e+01 1.79258772950371181e-01
              2.68067772490389322e-03 1.62824170038242295e-03 -9.51592254519715870e-05
              5.15138902046611451e-05 |]

let offsetMomentum (bodies: Body[]) =
    let mutable px = 0.0
    let mutable py = 0.0
    let mutable pz = 0.0
    for b in bodies do
        px <- px + b.VX * b.Mass
        py <- py + b.VY * b.Mass
        pz <- pz + b.VZ * b.Mass
    let sun = bodies.[0]
    sun.VX <- -px / solarMass
    sun.VY <- -py / solarMass
    sun.VZ <- -pz / solarMass

let energy (bodies: Body[]) =
    let mutable e = 0.0
    for i in 0 .. bodies.Length - 1 do
        let b = bodies.[i]
        e <- e + 0.5 * b.Mass * (b.VX * b.VX + b.VY * b.VY + b.VZ * b.VZ)
        for j in i + 1 .. bodies.Length - 1 do
            let b2 = bodies.[j]
            let dx = b.X - b2.X
            let dy = b.Y - b2.Y
            let dz = b.Z - b2.Z
            e <- e - b.Mass * b2.Mass / sqrt (dx * dx + dy * dy + dz * dz)
    e

let advance (bodies: Body[]) dt =
    for i in 0 .. bodies.Length - 1 do
        let b = bodies.[i]
        for j in i + 1 .. bodies.Length - 1 do
            let b2 = bodies.[j]
            let dx = b.X - b2.X
            let dy = b.Y - b2.Y
            let dz = b.Z - b2.Z
            let d2 = dx * dx + dy * dy + dz * dz
            let mag = dt / (d2 * sqrt d2)
            b.VX <- b.VX - dx * b2.Mass * mag
            b.VY <- b.VY - dy * b2.Mass * mag
            b.VZ <- b.VZ - dz * b2.Mass * mag
            b2.VX <- b2.VX + dx * b.Mass * mag
            b2.VY <- b2.VY + dy * b.Mass * mag
            b2.VZ <- b2.VZ + dz * b.Mass * mag
    for b in bodies do
        b.X <- b.X + dt * b.VX
        b.Y <- b.Y + dt * b.VY
        b.Z <- b.Z + dt * b.VZ

offsetMomentum bodies
printfn "%.9f" (energy bodies)
for _ in 1 .. steps do
    advance bodies 0.01
printfn "%.9f" (energy bodies)
