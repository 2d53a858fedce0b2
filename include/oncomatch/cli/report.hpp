#pragma once
// `oncomatch report REPORT.json -o FILE.pdf|FILE.html [--lang en|zh] [--lab-config FILE]`:
// re-renders a saved report from its JSON alone (no knowledgebase). The rendering options and
// helper are shared with `annotate --formats pdf,html`.
#include <optional>
#include <ostream>
#include <string>

#include "oncomatch/report/i18n.hpp"
#include "oncomatch/report/lab_config.hpp"
#include "oncomatch/report/render_model.hpp"

namespace oncomatch::cli {

struct ReportConfig {
    std::string input;   // report JSON
    std::string output;  // FILE.pdf or FILE.html
    std::string format;  // "pdf" | "html" (from the extension)
    render::Lang lang = render::Lang::en;
    std::string lab_config;
    bool no_timestamp = false;
};

ReportConfig parse_report_args(const std::vector<std::string>& args);
// --lang value -> Lang, or UsageError.
render::Lang parse_lang_option(const std::string& value);
// The lab block: from --lab-config, or the default (oncomatch, no address) when none is given.
render::LabConfig lab_or_default(const std::string& path);
// Renders the clinician report in `format` ("pdf" | "html").
void render_report(std::ostream& out, const std::string& format, const render::Model& model, const render::LabConfig& lab,
                   render::Lang lang, const std::string& report_date);

}  // namespace oncomatch::cli
