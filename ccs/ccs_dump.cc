// ccs_dump --stage=tokens|ast|types|psg [--format=text|dot] FILE.clef: prints one front-end stage to stdout and diagnostics
// to stderr; exit status 1 if there were errors, 2 on usage or I/O problems.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "ccs/dump/dump.h"

int main(int argc, char** argv) {
  std::string stage = "ast";
  std::string format = "text";
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--stage=", 0) == 0) {
      stage = arg.substr(8);
    } else if (arg.rfind("--format=", 0) == 0) {
      format = arg.substr(9);
    } else if (path.empty()) {
      path = arg;
    } else {
      path.clear();
      break;
    }
  }
  if (path.empty()) {
    std::cerr << "usage: ccs_dump --stage=tokens|ast|types|psg [--format=text|dot] FILE.clef\n";
    return 2;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "ccs_dump: cannot read " << path << "\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  ccs::SourceFile source(path, text.str());
  ccs::StringConsumer diagnostics;
  absl::StatusOr<std::string> out = ccs::EmitStage(stage, source, diagnostics, format);
  if (!out.ok()) {
    std::cerr << "ccs_dump: " << out.status().message() << "\n";
    return 2;
  }
  std::cout << *out;
  std::cerr << diagnostics.text();
  return diagnostics.text().find(": error: ") == std::string::npos ? 0 : 1;
}
