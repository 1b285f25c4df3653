// The Clef library written in Clef (ccs/library/*.clef): Result, Map, Set, Seq and the parts of
// List, Option, String and friends that need no runtime support. Every program is checked with
// these files before its own (ccs::CheckProgram); their functions reach the PSG only when the
// program uses them.
#ifndef CCS_LIBRARY_LIBRARY_H_
#define CCS_LIBRARY_LIBRARY_H_

#include <vector>

#include "ccs/diag/source.h"

namespace ccs {

// The library's files, in the order they are checked (each sees the ones before it).
const std::vector<SourceText>& ClefLibrary();

}  // namespace ccs

#endif  // CCS_LIBRARY_LIBRARY_H_
