#include "ccs/diag/source.h"

#include <algorithm>

namespace ccs {

SourceFile::SourceFile(std::string filename, std::string text) : SourceFile({}, std::move(filename), std::move(text)) {}

SourceFile::SourceFile(const std::vector<SourceText>& library, std::string filename, std::string text)
    : SourceFile(library, std::vector<SourceText>{SourceText{std::move(filename), std::move(text)}}) {}

SourceFile::SourceFile(const std::vector<SourceText>& library, const std::vector<SourceText>& program) {
  library_files_ = library.size();
  std::vector<SourceText> files = library;
  files.insert(files.end(), program.begin(), program.end());
  if (files.size() == library_files_) files.push_back(SourceText{"<empty>", ""});
  for (size_t i = 0; i < files.size(); ++i) {
    segments_.push_back({files[i].filename, static_cast<uint32_t>(text_.size()), 0});
    text_ += files[i].text;
    // Every file but the last ends with a line break, so the next starts at column 1.
    if (i + 1 < files.size() && !text_.empty() && text_.back() != '\n') text_.push_back('\n');
  }
  line_starts_.push_back(0);
  size_t next = 1;
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] != '\n') continue;
    line_starts_.push_back(i + 1);
    // A segment starts right after a line break: record its first line.
    while (next < segments_.size() && segments_[next].begin == i + 1) {
      segments_[next++].first_line = static_cast<uint32_t>(line_starts_.size() - 1);
    }
  }
  while (next < segments_.size()) segments_[next++].first_line = static_cast<uint32_t>(line_starts_.size() - 1);
}

const SourceFile::Segment& SourceFile::SegmentAt(uint32_t offset) const {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                             [](uint32_t o, const Segment& s) { return o < s.begin; });
  return it == segments_.begin() ? segments_.front() : *(it - 1);
}

uint32_t SourceFile::GlobalLine(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<uint32_t>(it - line_starts_.begin()) - 1;
}

LineCol SourceFile::Locate(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  const uint32_t line = GlobalLine(offset);
  return {line - SegmentAt(offset).first_line + 1, offset - line_starts_[line] + 1};
}

const std::string& SourceFile::FileAt(uint32_t offset) const { return SegmentAt(offset).filename; }

std::vector<SourceText> SourceFile::ProgramFiles() const {
  std::vector<SourceText> files;
  for (size_t i = library_files_; i < segments_.size(); ++i) {
    const uint32_t end = i + 1 < segments_.size() ? segments_[i + 1].begin : static_cast<uint32_t>(text_.size());
    files.push_back(SourceText{segments_[i].filename, std::string(text_.substr(segments_[i].begin, end - segments_[i].begin))});
  }
  return files;
}

std::string_view SourceFile::GlobalLineText(uint32_t index) const {
  if (index >= line_starts_.size()) return {};
  const uint32_t begin = line_starts_[index];
  const uint32_t end = index + 1 < line_starts_.size() ? line_starts_[index + 1] - 1 : static_cast<uint32_t>(text_.size());
  std::string_view s(text_.data() + begin, end - begin);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

std::string_view SourceFile::LineTextAt(uint32_t offset) const { return GlobalLineText(GlobalLine(offset)); }

std::string_view SourceFile::LineText(uint32_t line) const {
  if (line == 0) return {};
  return GlobalLineText(segments_.back().first_line + line - 1);
}

}  // namespace ccs
