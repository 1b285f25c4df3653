// Readable forms of the PSG (psg.proto): an indented text tree (the `--stage=psg` dump and
// its golden files) and Graphviz dot (`--format=dot`).
#ifndef CCS_PSG_PRINT_H_
#define CCS_PSG_PRINT_H_

#include <string>

#include "ccs/psg/psg.pb.h"

namespace ccs::psg {

//   let area: Shape -> float [3:5]
//     LAMBDA : Shape -> float captures=[]
//       PAT_VAR shape#4 : Shape
//       MATCH : float tree=0 ...
std::string PrintText(const Program& program);

// One dot node per PSG node (label: kind, type), child edges, binding edges (dashed) from
// VARs to their binders; decision trees as clusters.
std::string PrintDot(const Program& program);

}  // namespace ccs::psg

#endif  // CCS_PSG_PRINT_H_
