module Greeting

let greet (name: string) = $"Hello, {name}!"

let shout (text: string) = text + "!!"
