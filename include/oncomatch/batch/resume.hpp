#pragma once
// Resume of an interrupted (or repeated) batch. After a sample's reports are committed, batch
// writes a stamp beside them, OUT/.ID.oncomatch.stamp: a canonical text, one `key=value` per
// line, naming everything that decides the sample's report files:
//   - the tool (name and version) and the knowledgebase content hash (knowledgebase.sha256,
//     which covers an overlay);
//   - the input file's identity (absolute path, size, modification time in ns) and that of its
//     .tbi/.csi index (whether the file is read by index shows in the QC section);
//   - every effective per-sample option after the sheet's columns were applied: sample id,
//     canonical tumour type, vcf_sample, genome, clinical key=value pairs in order, formats,
//     include-filtered, whole-file, all-trials, trials-in-country, vaf/depth fields,
//     consequence mode, on-ref-mismatch, language, no-timestamp; and the identity of every file
//     an option names (transcript pack, or the knowledgebase's default packs; reference FASTA;
//     target BED; lab configuration).
// A rerun skips a sample only when every requested report file exists and the stamp on disk is
// byte-identical to the one this run would write; otherwise the sample is redone, and the
// reason names the first line that differs ("option formats changed", "input changed", ...).
// Reports without a stamp (an older version, or `annotate`) are redone. Not covered: provenance
// that does not change the analysis (--threads, command line, cache folder), and the tool's
// code beyond its version string (a development rebuild keeps the version: use --force).
#include <filesystem>
#include <string>
#include <vector>

#include "oncomatch/cli/annotate.hpp"

namespace oncomatch::batch {

struct ResumeDecision {
    bool up_to_date = false;
    std::string reason;  // why the sample must be (re)done, e.g. "option formats changed"
};

// The stamp for sample config `c` (c.input: the resolved input path) whose tumour type resolved
// to `tumor_code`.
std::string resume_stamp(const cli::AnnotateConfig& c, const std::string& tumor_code, const std::string& kb_sha256,
                         const std::string& tool_version);

// OUT/.ID.oncomatch.stamp
std::filesystem::path stamp_path(const std::filesystem::path& out_dir, const std::string& id);

// outputs: the report files the sample would write.
ResumeDecision check_resume(const std::vector<std::filesystem::path>& outputs, const std::filesystem::path& stamp_file,
                            const std::string& stamp);

// Writes the stamp atomically (after the reports were committed).
void write_stamp(const std::filesystem::path& stamp_file, const std::string& stamp);

}  // namespace oncomatch::batch
