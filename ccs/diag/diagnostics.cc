#include "ccs/diag/diagnostics.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace ccs {

std::string_view DiagKindName(DiagKind kind) {
  switch (kind) {
#define CCS_DIAGNOSTIC(Name, Sev) \
  case DiagKind::k##Name:         \
    return #Name;
#include "ccs/diag/diagnostic_kinds.def"
  }
  return "?";
}

Severity DefaultSeverity(DiagKind kind) {
  switch (kind) {
#define CCS_DIAGNOSTIC(Name, Sev) \
  case DiagKind::k##Name:         \
    return Severity::k##Sev;
#include "ccs/diag/diagnostic_kinds.def"
  }
  return Severity::kError;
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

std::string FormatDiagnostic(const SourceFile& source, const Diagnostic& d) {
  LineCol lc = source.Locate(d.span.begin);
  // absl::StrCat takes Abseil's own string_view in Debian's build, not std::string_view.
  std::string out = absl::StrCat(source.FileAt(d.span.begin), ":", lc.line, ":", lc.column, ": ");
  out += SeverityName(d.severity);
  out += ": ";
  out += d.message;
  out += "\n  ";
  std::string_view line = source.LineTextAt(d.span.begin);
  out += line;
  out += "\n  ";
  out.append(std::min<size_t>(lc.column - 1, line.size()), ' ');
  // The caret covers the span's part on its first line; at least one column.
  size_t width = 1;
  if (d.span.end > d.span.begin) {
    size_t rest = line.size() > lc.column - 1 ? line.size() - (lc.column - 1) : 0;
    width = std::max<size_t>(1, std::min<size_t>(d.span.end - d.span.begin, rest));
  }
  out.push_back('^');
  out.append(width - 1, '~');
  out.push_back('\n');
  return out;
}

void StringConsumer::Handle(const SourceFile& source, const Diagnostic& diagnostic) {
  text_ += FormatDiagnostic(source, diagnostic);
}

void CollectingConsumer::Handle(const SourceFile&, const Diagnostic& diagnostic) {
  diagnostics_.push_back(diagnostic);
}

void DiagnosticEngine::Emit(DiagKind kind, Span span, std::string message) {
  Emit(kind, DefaultSeverity(kind), span, std::move(message));
}

void DiagnosticEngine::Emit(DiagKind kind, Severity severity, Span span, std::string message) {
  if (severity == Severity::kError) {
    ++error_count_;
    if (error_count_ == kMaxReportedErrors + 1) {
      consumer_.Handle(source_, {DiagKind::kTooManyErrors, Severity::kNote, span,
                                 "too many errors; further errors are not reported"});
    }
    if (error_count_ > kMaxReportedErrors) return;
  } else if (severity == Severity::kWarning) {
    ++warning_count_;
  }
  consumer_.Handle(source_, {kind, severity, span, std::move(message)});
}

}  // namespace ccs
