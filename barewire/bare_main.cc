// The `bare` tool:
//   bare check S.bare                              validate a schema
//   bare encode --schema S.bare --type T           JSON on stdin  → BARE on stdout
//   bare decode --schema S.bare --type T           BARE on stdin  → JSON on stdout
//   bare gen --lang=cc [--namespace=NS] [-o OUT] S.bare   C++ header (barewire/codegen_cc.h)
// Exit status: 0 success, 1 bad input (one line on stderr saying why; schema errors also show
// the source line and a caret), 2 usage error.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "barewire/codegen_cc.h"
#include "barewire/json.h"
#include "barewire/schema_parser.h"
#include "barewire/value.h"

namespace {

constexpr const char* kUsage =
    "usage: bare check S.bare\n"
    "       bare encode --schema S.bare --type T   (JSON on stdin, BARE on stdout)\n"
    "       bare decode --schema S.bare --type T   (BARE on stdin, JSON on stdout)\n"
    "       bare gen --lang=cc [--namespace=NS] [-o OUT] S.bare\n";

int Usage(const std::string& problem) {
  std::cerr << "bare: " << problem << "\n" << kUsage;
  return 2;
}

int Fail(absl::string_view message) {
  std::cerr << "bare: " << message << "\n";
  return 1;
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string ReadStdin() {
  std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  return data;
}

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::string schema, type, lang, ns = "bare", output;
};

// Parses "--flag=value" and "--flag value"; returns an error message or empty.
std::string ParseArgs(int argc, char** argv, Args* args) {
  if (argc < 2) return "missing command";
  args->command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto take = [&](const std::string& flag, std::string* into) -> int {
      if (a == flag) {
        if (i + 1 >= argc) return -1;
        *into = argv[++i];
        return 1;
      }
      if (a.rfind(flag + "=", 0) == 0) {
        *into = a.substr(flag.size() + 1);
        return 1;
      }
      return 0;
    };
    int r = 0;
    for (auto [flag, into] : {std::pair{"--schema", &args->schema}, std::pair{"--type", &args->type},
                              std::pair{"--lang", &args->lang}, std::pair{"--namespace", &args->ns},
                              std::pair{"-o", &args->output}}) {
      if ((r = take(flag, into)) != 0) break;
    }
    if (r < 0) return absl::StrCat(a, " needs a value");
    if (r == 0) {
      if (a.size() > 1 && a[0] == '-') return absl::StrCat("unknown option ", a);
      args->positional.push_back(a);
    }
  }
  return "";
}

std::optional<barewire::Schema> LoadSchema(const std::string& path, int* status) {
  std::optional<std::string> text = ReadFile(path);
  if (!text) {
    *status = Fail(absl::StrCat("cannot read ", path));
    return std::nullopt;
  }
  absl::StatusOr<barewire::Schema> schema = barewire::ParseSchema(*text, path);
  if (!schema.ok()) {
    std::cerr << schema.status().message() << "\n";
    *status = 1;
    return std::nullopt;
  }
  return *schema;
}

int Main(int argc, char** argv) {
  Args args;
  std::string problem = ParseArgs(argc, argv, &args);
  if (!problem.empty()) return Usage(problem);
  int status = 0;

  if (args.command == "check") {
    if (args.positional.size() != 1) return Usage("check takes one schema file");
    std::optional<barewire::Schema> schema = LoadSchema(args.positional[0], &status);
    if (!schema) return status;
    std::cout << args.positional[0] << ": " << schema->types().size() << " types, ok\n";
    return 0;
  }

  if (args.command == "encode" || args.command == "decode") {
    if (args.schema.empty() || args.type.empty()) return Usage(args.command + " needs --schema and --type");
    if (!args.positional.empty()) return Usage("unexpected argument " + args.positional[0]);
    std::optional<barewire::Schema> schema = LoadSchema(args.schema, &status);
    if (!schema) return status;
    const barewire::UserType* type = schema->Find(args.type);
    if (type == nullptr) return Fail(absl::StrCat("no type '", args.type, "' in ", args.schema));
    std::string input = ReadStdin();
    if (args.command == "encode") {
      absl::StatusOr<barewire::Value> value = barewire::JsonToValue(*schema, *type->type, input, args.type);
      if (!value.ok()) return Fail(value.status().message());
      barewire::Buffer out;
      absl::Status s = barewire::EncodeValue(*schema, args.type, *value, out);
      if (!s.ok()) return Fail(s.message());
      std::fwrite(out.data(), 1, out.size(), stdout);
      return std::fflush(stdout) == 0 ? 0 : Fail("cannot write the output");
    }
    absl::StatusOr<barewire::Value> value =
        barewire::DecodeValue(*schema, args.type, barewire::AsBytes(input));
    if (!value.ok()) return Fail(value.status().message());
    absl::StatusOr<std::string> json = barewire::ValueToJson(*schema, *type->type, *value);
    if (!json.ok()) return Fail(json.status().message());
    std::cout << *json << "\n";
    return 0;
  }

  if (args.command == "gen") {
    if (args.lang != "cc") return Usage(args.lang.empty() ? "gen needs --lang=cc" : "unknown --lang " + args.lang);
    if (args.positional.size() != 1) return Usage("gen takes one schema file");
    std::optional<barewire::Schema> schema = LoadSchema(args.positional[0], &status);
    if (!schema) return status;
    std::string source = args.positional[0];
    barewire::CcOptions options{.cc_namespace = args.ns, .source_name = source};
    absl::StatusOr<std::string> header = barewire::GenerateCcHeader(*schema, options);
    if (!header.ok()) return Usage(std::string(header.status().message()));
    if (args.output.empty()) {
      std::cout << *header;
      return 0;
    }
    std::ofstream out(args.output, std::ios::binary);
    out << *header;
    return out.good() ? 0 : Fail(absl::StrCat("cannot write ", args.output));
  }

  return Usage(absl::StrCat("unknown command '", args.command, "'"));
}

}  // namespace

int main(int argc, char** argv) { return Main(argc, argv); }
