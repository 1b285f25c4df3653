// The diagnostics engine shared by every compiler phase.
//
//   ccs::StringConsumer out;
//   ccs::DiagnosticEngine diags(source, out);
//   diags.Error(DiagKind::kUnterminatedString, span, "unterminated string literal");
//   // out.text() == "f.clef:3:9: error: unterminated string literal\n  let s = \"abc\n  ..."
#ifndef CCS_DIAG_DIAGNOSTICS_H_
#define CCS_DIAG_DIAGNOSTICS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ccs/diag/source.h"

namespace ccs {

enum class Severity : uint8_t { kError, kWarning, kNote };

enum class DiagKind : uint16_t {
#define CCS_DIAGNOSTIC(Name, Sev) k##Name,
#include "ccs/diag/diagnostic_kinds.def"
};

std::string_view DiagKindName(DiagKind kind);
Severity DefaultSeverity(DiagKind kind);
std::string_view SeverityName(Severity severity);

struct Diagnostic {
  DiagKind kind;
  Severity severity;
  Span span;
  std::string message;
};

// Renders "FILE:LINE:COL: error: MESSAGE", the source line and a caret under the span.
std::string FormatDiagnostic(const SourceFile& source, const Diagnostic& diagnostic);

// Where diagnostics go: later phases and the driver collect or print them.
class DiagnosticConsumer {
 public:
  virtual ~DiagnosticConsumer() = default;
  virtual void Handle(const SourceFile& source, const Diagnostic& diagnostic) = 0;
};

// Appends formatted diagnostics to a string (tests, tools).
class StringConsumer : public DiagnosticConsumer {
 public:
  void Handle(const SourceFile& source, const Diagnostic& diagnostic) override;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// Keeps the structured diagnostics.
class CollectingConsumer : public DiagnosticConsumer {
 public:
  void Handle(const SourceFile& source, const Diagnostic& diagnostic) override;
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

class DiagnosticEngine {
 public:
  // Past this many errors one note is emitted and further errors are counted, not reported,
  // so pathological input cannot produce unbounded output.
  static constexpr int kMaxReportedErrors = 50;

  DiagnosticEngine(const SourceFile& source, DiagnosticConsumer& consumer)
      : source_(source), consumer_(consumer) {}

  void Emit(DiagKind kind, Span span, std::string message);
  void Emit(DiagKind kind, Severity severity, Span span, std::string message);

  int error_count() const { return error_count_; }
  int warning_count() const { return warning_count_; }
  const SourceFile& source() const { return source_; }

 private:
  const SourceFile& source_;
  DiagnosticConsumer& consumer_;
  int error_count_ = 0;
  int warning_count_ = 0;
};

}  // namespace ccs

#endif  // CCS_DIAG_DIAGNOSTICS_H_
