// Helpers shared by the golden-file tests of the ccs phases.
#ifndef CCS_TESTING_GOLDEN_H_
#define CCS_TESTING_GOLDEN_H_

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ccs::testing {

// The file's bytes; "" when it does not exist (a missing expectation reads as empty).
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The NAMEs of every NAME.clef in `dir`, sorted.
inline std::vector<std::string> ClefInputs(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 5 && n.substr(n.size() - 5) == ".clef") names.push_back(n.substr(0, n.size() - 5));
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace ccs::testing

#endif  // CCS_TESTING_GOLDEN_H_
