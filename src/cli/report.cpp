// `oncomatch report`: the saved JSON -> validated render model -> PDF or HTML, written atomically.
// Needs no knowledgebase: everything the clinician report shows is carried by the JSON.
#include "oncomatch/cli/report.hpp"

#include <boost/program_options.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "oncomatch/cli/commands.hpp"
#include "oncomatch/error.hpp"
#include "oncomatch/report/document.hpp"
#include "oncomatch/report/render.hpp"
#include "oncomatch/util/atomic_file.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace oncomatch::cli {

render::Lang parse_lang_option(const std::string& value) {
    auto l = render::parse_lang(value);
    if (!l) throw UsageError("unknown --lang '" + value + "'", "use en or zh");
    return *l;
}

render::LabConfig lab_or_default(const std::string& path) {
    if (!path.empty()) return render::load_lab_config(path);
    return render::LabConfig{};
}

void render_report(std::ostream& out, const std::string& format, const render::Model& model, const render::LabConfig& lab,
                   render::Lang lang, const std::string& report_date) {
    render::RenderOptions ro;
    ro.lang = lang;
    ro.report_date = report_date;
    if (format != "pdf") {
        render::write_html(out, render::build_document(model, lab, ro));
        return;
    }
    // Page 1 is the answer: when its summaries do not all fit, rebuild with a tighter page-1 budget
    // (fewer rows, each list ending "and N more: see ..."); the tightest level is written regardless.
    for (int level = 0; level < render::kPage1Levels; ++level) {
        ro.page1 = render::page1_budget(level);
        if (render::write_pdf(out, render::build_document(model, lab, ro), level + 1 < render::kPage1Levels)) return;
    }
}

ReportConfig parse_report_args(const std::vector<std::string>& args) {
    ReportConfig c;
    std::string lang = "en";
    po::options_description opts("report options");
    opts.add_options()
        ("help,h", "show this help")
        ("output,o", po::value(&c.output), "output file: FILE.pdf or FILE.html (required)")
        ("lang", po::value(&lang)->default_value("en"), "report language: en or zh")
        ("lab-config", po::value(&c.lab_config), "YAML with the laboratory's name, address, logo, accreditation, signatories, disclaimer")
        ("no-timestamp", po::bool_switch(&c.no_timestamp), "leave the report date out");
    po::options_description hidden;
    hidden.add_options()("input", po::value(&c.input));
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("input", 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(pos).style(kCommandLineStyle).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string("report: ") + e.what(), "see 'oncomatch report --help'");
    }
    if (vm.count("help")) {
        std::cout << "Usage: oncomatch report ID.oncomatch.json -o FILE.pdf|FILE.html [--lang en|zh] [--lab-config lab.yaml]\n\n" << opts << "\n";
        throw Error(ExitCode::ok, {}, "");
    }
    if (c.input.empty()) throw UsageError("report: no report JSON given", "usage: oncomatch report ID.oncomatch.json -o FILE.pdf");
    if (c.output.empty()) throw UsageError("report: -o FILE.pdf or -o FILE.html is required");
    const std::string ext = fs::path(c.output).extension().string();
    if (ext == ".pdf") c.format = "pdf";
    else if (ext == ".html" || ext == ".htm") c.format = "html";
    else throw UsageError("report: cannot tell the format of '" + c.output + "'", "name the output FILE.pdf or FILE.html");
    c.lang = parse_lang_option(lang);
    return c;
}

namespace {

std::string today_utc() {
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

}  // namespace

int run_report(const Args& args, const std::string& /*command_line*/) {
    const ReportConfig c = parse_report_args(args);
    // Everything is checked before the output file is created.
    if (c.format == "pdf") render::check_pdf_fonts();
    const render::LabConfig lab = lab_or_default(c.lab_config);
    const render::Model model = render::read_model_file(c.input);
    const fs::path out(c.output);
    const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
    if (!fs::is_directory(dir)) throw InputError(c.output, "the output folder does not exist", "create it first");
    std::string date;
    if (!c.no_timestamp) date = model.generated_at.size() >= 10 ? model.generated_at.substr(0, 10) : today_utc();
    AtomicFile file(out);
    render_report(file.stream(), c.format, model, lab, c.lang, date);
    file.commit();
    std::cerr << "oncomatch: " << model.sample_id << ": report written to " << c.output << "\n";
    return 0;
}

}  // namespace oncomatch::cli
