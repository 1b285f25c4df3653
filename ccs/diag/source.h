// A source file in memory and the mapping from byte offsets to line/column.
#ifndef CCS_DIAG_SOURCE_H_
#define CCS_DIAG_SOURCE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ccs {

// A half-open byte range [begin, end) within one SourceFile.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// 1-based line and column; columns count bytes (tabs are an error in Clef, so bytes == columns
// for the ASCII code the offside rule cares about).
struct LineCol {
  uint32_t line = 1;
  uint32_t column = 1;
};

class SourceFile {
 public:
  SourceFile(std::string filename, std::string text);

  const std::string& filename() const { return filename_; }
  std::string_view text() const { return text_; }
  LineCol Locate(uint32_t offset) const;
  // The text of 1-based `line` without its line terminator.
  std::string_view LineText(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  std::string filename_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

}  // namespace ccs

#endif  // CCS_DIAG_SOURCE_H_
