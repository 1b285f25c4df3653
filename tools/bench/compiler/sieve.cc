// Sieve of Eratosthenes: count the primes below 50,000,000, one byte a flag (std::vector<char>,
// not the bit-packed std::vector<bool>, to match the bool arrays of the other languages).
#include <cstdio>
#include <vector>

namespace {

constexpr int kLimit = 50000000;
constexpr int kRounds = 4;

int CountPrimes(int n) {
  std::vector<char> is_prime(n, 1);
  is_prime[0] = is_prime[1] = 0;
  for (int i = 2; i * i < n; ++i) {
    if (is_prime[i]) {
      for (int j = i * i; j < n; j += i) is_prime[j] = 0;
    }
  }
  int count = 0;
  for (int i = 0; i < n; ++i) {
    if (is_prime[i]) ++count;
  }
  return count;
}

}  // namespace

int main() {
  int count = 0;
  for (int round = 0; round < kRounds; ++round) count = CountPrimes(kLimit);
  std::printf("primes below %d: %d\n", kLimit, count);
  return 0;
}
