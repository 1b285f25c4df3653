// Skynet in Go, the peer of frosty_bench's skynet_1m: a 10-ary tree of goroutines with 1M
// leaves, each leaf sending its index up a channel. Prints the best time of `runs` runs in
// nanoseconds, with GOMAXPROCS set by the caller (2, like the frosty side).
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func skynet(c chan int, num, size, div int) {
	if size == 1 {
		c <- num
		return
	}
	rc := make(chan int)
	for i := 0; i < div; i++ {
		go skynet(rc, num+i*(size/div), size/div, div)
	}
	sum := 0
	for i := 0; i < div; i++ {
		sum += <-rc
	}
	c <- sum
}

func main() {
	runs := 5
	if len(os.Args) > 1 {
		runs, _ = strconv.Atoi(os.Args[1])
	}
	best := time.Duration(1 << 62)
	for r := 0; r < runs; r++ {
		start := time.Now()
		c := make(chan int)
		go skynet(c, 0, 1000000, 10)
		if sum := <-c; sum != 499999500000 {
			fmt.Fprintln(os.Stderr, "wrong sum", sum)
			os.Exit(1)
		}
		if elapsed := time.Since(start); elapsed < best {
			best = elapsed
		}
	}
	fmt.Println(best.Nanoseconds())
}
