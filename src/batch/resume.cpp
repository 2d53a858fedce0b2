// Resume check of `oncomatch batch` (see header for what decides).
#include "oncomatch/batch/resume.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace oncomatch::batch {

ResumeDecision check_resume(const std::vector<fs::path>& outputs, const fs::path& input, const std::string& sample_id,
                            const std::string& tumor_code, const std::string& kb_sha256) {
    std::error_code ec;
    const auto input_time = fs::last_write_time(input, ec);
    if (ec) return {false, "input not readable"};
    const fs::path* json_path = nullptr;
    for (const auto& p : outputs) {
        const auto t = fs::last_write_time(p, ec);
        if (ec) return {false, "no earlier report (" + p.filename().string() + ")"};
        if (t < input_time) return {false, "input newer than " + p.filename().string()};
        if (p.extension() == ".json") json_path = &p;
    }
    if (!json_path) return {false, "no JSON report to check"};
    std::ifstream in(*json_path, std::ios::binary);
    nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return {false, "earlier JSON report unreadable"};
    auto str_at = [&](const nlohmann::json::json_pointer& ptr) -> std::string {
        if (!j.contains(ptr)) return {};
        const auto& v = j.at(ptr);
        return v.is_string() ? v.get<std::string>() : std::string();
    };
    if (str_at(nlohmann::json::json_pointer("/knowledgebase/sha256")) != kb_sha256) return {false, "knowledgebase changed"};
    if (str_at(nlohmann::json::json_pointer("/sample/id")) != sample_id) return {false, "earlier report is for another sample id"};
    if (str_at(nlohmann::json::json_pointer("/sample/tumor_type/code")) != tumor_code) return {false, "tumour type changed"};
    return {true, {}};
}

}  // namespace oncomatch::batch
