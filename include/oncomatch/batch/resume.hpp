#pragma once
// Resume of an interrupted batch: a sample is skipped when its earlier outputs are complete and
// still valid. "Valid" means: every requested report file exists; none is older than the input
// file; and the JSON report names the same sample id, tumour type (canonical OncoTree code) and
// knowledgebase content hash (knowledgebase.sha256) as this run would. The hash decides, not file
// times inside the knowledgebase folder: an edited, copied or re-checked-out knowledgebase with
// the same content keeps its reports, and any change of content (or overlay) redoes them.
// Options that change a report in other ways (--include-filtered, --target-bed, ...) are not
// recorded: rerun with --force after changing them.
#include <filesystem>
#include <string>
#include <vector>

namespace oncomatch::batch {

struct ResumeDecision {
    bool up_to_date = false;
    std::string reason;  // why the sample must be (re)done, e.g. "knowledgebase changed"
};

// outputs: the report files the sample would write (the JSON one among them).
ResumeDecision check_resume(const std::vector<std::filesystem::path>& outputs, const std::filesystem::path& input,
                            const std::string& sample_id, const std::string& tumor_code, const std::string& kb_sha256);

}  // namespace oncomatch::batch
