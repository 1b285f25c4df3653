// The Computer Language Benchmarks Game's spectral-norm: the largest singular value of the
// infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1), by 10 power iterations of AᵀA on N entries.
#include <cmath>
#include <cstdio>
#include <vector>

namespace {

constexpr int kN = 4000;

double A(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }

void MultiplyAv(const std::vector<double>& v, std::vector<double>& av) {
  const int n = static_cast<int>(v.size());
  for (int i = 0; i < n; ++i) {
    double sum = 0.0;
    for (int j = 0; j < n; ++j) sum += A(i, j) * v[j];
    av[i] = sum;
  }
}

void MultiplyAtv(const std::vector<double>& v, std::vector<double>& atv) {
  const int n = static_cast<int>(v.size());
  for (int i = 0; i < n; ++i) {
    double sum = 0.0;
    for (int j = 0; j < n; ++j) sum += A(j, i) * v[j];
    atv[i] = sum;
  }
}

void MultiplyAtAv(const std::vector<double>& v, std::vector<double>& tmp,
                  std::vector<double>& atav) {
  MultiplyAv(v, tmp);
  MultiplyAtv(tmp, atav);
}

}  // namespace

int main() {
  std::vector<double> u(kN, 1.0), v(kN), tmp(kN);
  for (int i = 0; i < 10; ++i) {
    MultiplyAtAv(u, tmp, v);
    MultiplyAtAv(v, tmp, u);
  }
  double vbv = 0.0, vv = 0.0;
  for (int i = 0; i < kN; ++i) {
    vbv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  std::printf("%.9f\n", std::sqrt(vbv / vv));
  return 0;
}
