// Resume stamps of `oncomatch batch` (see header for what they cover and why).
#include "oncomatch/batch/resume.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "oncomatch/genome/build.hpp"
#include "oncomatch/util/atomic_file.hpp"

namespace fs = std::filesystem;

namespace oncomatch::batch {

namespace {

constexpr const char* kStampHeader = "oncomatch-resume-stamp\t1";

// One line per value: newlines inside a value (an odd path) cannot break the format.
std::string one_line(std::string s) {
    std::string out;
    for (char c : s) {
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\\') out += "\\\\";
        else out += c;
    }
    return out;
}

// "absent", or "<absolute path> size=N mtime_ns=M".
std::string identity(const std::string& path) {
    if (path.empty()) return "none";
    std::error_code ec;
    const fs::path abs = fs::absolute(fs::path(path), ec).lexically_normal();
    const std::string name = ec ? path : abs.string();
    const auto size = fs::file_size(abs, ec);
    if (ec) return name + " absent";
    const auto t = fs::last_write_time(abs, ec);
    if (ec) return name + " absent";
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::file_clock::to_sys(t).time_since_epoch()).count();
    return name + " size=" + std::to_string(size) + " mtime_ns=" + std::to_string(ns);  // since 1970
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }

}  // namespace

std::string resume_stamp(const cli::AnnotateConfig& c, const std::string& tumor_code, const std::string& kb_sha256,
                         const std::string& tool_version) {
    std::vector<std::pair<std::string, std::string>> kv;
    kv.emplace_back("tool", "oncomatch " + tool_version);
    kv.emplace_back("knowledgebase", kb_sha256);
    kv.emplace_back("input", identity(c.input));
    kv.emplace_back("input_index_tbi", identity(c.input + ".tbi"));
    kv.emplace_back("input_index_csi", identity(c.input + ".csi"));
    kv.emplace_back("sample_id", c.sample_id);
    kv.emplace_back("tumor_type", tumor_code);
    kv.emplace_back("vcf_sample", c.sample);
    kv.emplace_back("genome", c.genome ? std::string(build_name(*c.genome)) : std::string("from the file"));
    std::string clinical;
    for (const auto& [k, v] : c.clinical) clinical += (clinical.empty() ? "" : ";") + k + "=" + v;
    kv.emplace_back("clinical", clinical);
    std::vector<std::string> formats = c.formats;  // the files written do not depend on the order given
    std::sort(formats.begin(), formats.end());
    std::string f;
    for (const auto& x : formats) f += (f.empty() ? "" : ",") + x;
    kv.emplace_back("formats", f);
    kv.emplace_back("include_filtered", yes_no(c.include_filtered));
    kv.emplace_back("whole_file", yes_no(c.whole_file));
    kv.emplace_back("all_trials", yes_no(c.all_trials));
    kv.emplace_back("trials_in_country", yes_no(c.trials_in_country));
    kv.emplace_back("vaf_field", c.vaf_field);
    kv.emplace_back("depth_field", c.depth_field);
    kv.emplace_back("consequence", c.consequence);
    kv.emplace_back("on_ref_mismatch", c.on_ref_mismatch);
    if (!c.transcripts.empty()) {
        kv.emplace_back("transcripts", identity(c.transcripts));
    } else {  // the knowledgebase's default packs, whichever build the input turns out to be
        for (const Build b : {Build::GRCh37, Build::GRCh38})
            kv.emplace_back("transcripts_" + std::string(build_name(b)),
                            identity((fs::path(c.kb_dir) / "transcripts" / (std::string(build_name(b)) + ".pack")).string()));
    }
    kv.emplace_back("reference", identity(c.reference));
    kv.emplace_back("target_bed", identity(c.target_bed));
    kv.emplace_back("lang", c.lang);
    kv.emplace_back("lab_config", identity(c.lab_config));
    kv.emplace_back("no_timestamp", yes_no(c.no_timestamp));
    std::string s = std::string(kStampHeader) + "\n";
    for (const auto& [k, v] : kv) s += k + "=" + one_line(v) + "\n";
    return s;
}

fs::path stamp_path(const fs::path& out_dir, const std::string& id) { return out_dir / ("." + id + ".oncomatch.stamp"); }

ResumeDecision check_resume(const std::vector<fs::path>& outputs, const fs::path& stamp_file, const std::string& stamp) {
    std::error_code ec;
    std::ifstream in(stamp_file, std::ios::binary);
    if (!in) return {false, "no resume stamp from an earlier batch run"};
    std::ostringstream old;
    old << in.rdbuf();
    const std::string before = old.str();
    if (before == stamp) {
        for (const auto& p : outputs)
            if (!fs::is_regular_file(p, ec)) return {false, "no earlier report (" + p.filename().string() + ")"};
        return {true, {}};
    }
    // Name the first setting that differs.
    std::istringstream a(before), b(stamp);
    std::string la, lb;
    while (true) {
        const bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
        if (!ga || !gb) break;
        if (la == lb) continue;
        const std::string key = lb.substr(0, lb.find('='));
        if (la.rfind(key + "=", 0) != 0 || key == lb) return {false, "resume stamp from another version"};
        if (key == "tool") return {false, "tool version changed"};
        if (key == "knowledgebase") return {false, "knowledgebase changed"};
        if (key.rfind("input", 0) == 0) return {false, "input changed (" + key + ")"};
        return {false, "option " + key + " changed"};
    }
    return {false, "resume stamp from another version"};
}

void write_stamp(const fs::path& stamp_file, const std::string& stamp) {
    AtomicFile f(stamp_file);
    f.stream() << stamp;
    f.commit();
}

}  // namespace oncomatch::batch
