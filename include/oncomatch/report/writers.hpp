#pragma once
// Report writers: JSON (the machine contract, see tests/schema/oncomatch.schema.json) and TSV
// (one row per finding x therapy, then one per tier III/IV variant). Output is deterministic:
// with --no-timestamp, the same input, knowledgebase and options give byte-identical files.
#include <ostream>
#include <string>
#include <vector>

#include "oncomatch/kb/index.hpp"
#include "oncomatch/report/model.hpp"

namespace oncomatch {

struct Provenance {
    bool no_timestamp = false;
    std::string command_line;
    std::string generated_at;  // ISO 8601 UTC
    int threads = 1;
    std::string input_path;
    std::string out_dir;
    std::vector<std::string> warnings;
};

inline constexpr const char* kSchemaVersion = "1.0.0";

void write_json(std::ostream& out, const Report& report, const kb::KbIndex& index, const Provenance& prov);
void write_tsv(std::ostream& out, const Report& report, const kb::KbIndex& index);

}  // namespace oncomatch
