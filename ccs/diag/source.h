// A source file in memory and the mapping from byte offsets to line/column.
//
// A SourceFile may carry library files before the program's own text (the Clef library,
// ccs/library): one text for the lexer and parser, while every position still names its own
// file and line.
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

struct SourceText {
  std::string filename;
  std::string text;
};

class SourceFile {
 public:
  SourceFile(std::string filename, std::string text);
  // `library` files first (each ends with a line break; one is added where missing), then the
  // program's file.
  SourceFile(const std::vector<SourceText>& library, std::string filename, std::string text);
  // `library` files, then the program's files in order (a project's sources; the last one holds
  // the entry point).
  SourceFile(const std::vector<SourceText>& library, const std::vector<SourceText>& program);

  // The program's file.
  const std::string& filename() const { return segments_.back().filename; }
  // Everything: the library files, then the program.
  std::string_view text() const { return text_; }
  // Where the program's own text starts in text() (0 without a library).
  uint32_t program_begin() const { return segments_[library_files_].begin; }
  bool InLibrary(uint32_t offset) const { return offset < program_begin(); }

  // Line and column within the file that holds `offset`.
  LineCol Locate(uint32_t offset) const;
  // The name of the file that holds `offset`.
  const std::string& FileAt(uint32_t offset) const;
  // The line holding `offset`, without its line terminator.
  std::string_view LineTextAt(uint32_t offset) const;
  // The files, library files first: which holds `offset`, and how many there are.
  size_t FileIndexAt(uint32_t offset) const { return static_cast<size_t>(&SegmentAt(offset) - segments_.data()); }
  size_t file_count() const { return segments_.size(); }
  // The program's files (not the library's), as given.
  std::vector<SourceText> ProgramFiles() const;
  // The text of 1-based `line` of the program's (last) file.
  std::string_view LineText(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()) - segments_.back().first_line; }

 private:
  struct Segment {
    std::string filename;
    uint32_t begin;       // offset in text_
    uint32_t first_line;  // index into line_starts_ of its first line
  };
  const Segment& SegmentAt(uint32_t offset) const;
  uint32_t GlobalLine(uint32_t offset) const;  // 0-based index into line_starts_
  std::string_view GlobalLineText(uint32_t index) const;

  std::string text_;
  size_t library_files_ = 0;
  std::vector<Segment> segments_;
  std::vector<uint32_t> line_starts_;
};

}  // namespace ccs

#endif  // CCS_DIAG_SOURCE_H_
