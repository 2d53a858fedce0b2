// `oncomatch batch SHEET --out-dir DIR [annotate's options]`: many samples, one process. The
// sheet is checked whole before any work (batch/sample_sheet.cpp); the knowledgebase is loaded
// once and shared read-only; samples run in parallel on TBB (--threads), each through the same
// run_sample as `annotate` and writing the same files. A failing sample fails alone: its error
// (the same message and exit code annotate would give) goes to batch.log, stderr and the cohort
// summary; --fail-fast stops starting new samples after the first failure. Samples whose
// reports are complete and whose resume stamp (inputs, knowledgebase, tool version, effective
// options) is unchanged are reused (batch/resume.hpp) unless --force. At the end the
// cohort summary (report/cohort.hpp) is written atomically; exit 1 when any sample failed.
#include <tbb/global_control.h>
#include <tbb/task_group.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>

#include "oncomatch/batch/progress.hpp"
#include "oncomatch/batch/resume.hpp"
#include "oncomatch/batch/sample_sheet.hpp"
#include "oncomatch/cli/annotate_options.hpp"
#include "oncomatch/cli/commands.hpp"
#include "oncomatch/cli/sample_run.hpp"
#include "oncomatch/error.hpp"
#include "oncomatch/report/cohort.hpp"
#include "oncomatch/report/cohort_store.hpp"
#include "oncomatch/util/atomic_file.hpp"
#include "oncomatch/util/strings.hpp"
#include "oncomatch/version.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace oncomatch::cli {

namespace {

struct BatchConfig {
    AnnotateConfig base;  // the shared options; per-sample fields come from the sheet
    std::string sheet;
    bool fail_fast = false, force = false, quiet = false;
    bool summary_only = false;  // write the cohort summary from existing reports; run nothing
};

BatchConfig parse_batch_args(const Args& args) {
    BatchConfig b;
    SharedOptionText raw;
    po::options_description opts("batch options");
    opts.add_options()
        ("help,h", "show this help")
        ("fail-fast", po::bool_switch(&b.fail_fast), "start no new sample after the first failure")
        ("force", po::bool_switch(&b.force), "redo every sample, even those whose reports are current")
        ("quiet,q", po::bool_switch(&b.quiet), "no progress and no per-sample lines on stderr (batch.log still has them)")
        ("summary-only", po::bool_switch(&b.summary_only), "run no sample: write the cohort summary from the reports already in --out-dir "
                                                          "(samples without one are listed as failed); for workflow engines");
    po::options_description shared("options shared with annotate (sheet columns override them per sample)");
    add_shared_options(shared, b.base, raw);
    po::options_description hidden;
    hidden.add_options()("sheet", po::value(&b.sheet));
    po::options_description all;
    all.add(opts).add(shared).add(hidden);
    po::positional_options_description pos;
    pos.add("sheet", 1);
    const po::variables_map vm = parse_command_line(args, "batch", all, pos);
    if (vm.count("help")) {
        std::cout << "Usage: oncomatch batch SHEET.tsv|SHEET.csv --out-dir DIR [options]\n\n"
                  << "SHEET has a header row with the columns sample, input, tumor_type and optionally genome,\n"
                  << "vcf_sample, sex, age, country, notes, clinical (key=value;key=value). Relative inputs\n"
                  << "resolve against the sheet's folder.\n\n"
                  << opts << "\n" << shared << "\n";
        throw Error(ExitCode::ok, {}, "");
    }
    if (b.sheet.empty()) throw UsageError("batch: no sample sheet", "usage: oncomatch batch SHEET --out-dir DIR");
    if (b.summary_only && b.force) throw UsageError("batch: --summary-only and --force contradict each other");
    if (vm["out-dir"].defaulted()) throw UsageError("batch: --out-dir is required", "the reports and the cohort summary go there");
    finish_shared_options(b.base, raw);
    if (std::find(b.base.formats.begin(), b.base.formats.end(), "json") == b.base.formats.end())
        throw UsageError("batch: --formats must include json", "resume and the cohort summary read each sample's JSON report");
    return b;
}


// The sample's settings: the command line's, overridden by the sheet's columns.
AnnotateConfig sample_config(const AnnotateConfig& base, const batch::SheetRow& row) {
    AnnotateConfig c = base;
    c.input = row.input_path.string();
    c.tumor_type = row.tumor_type;
    c.sample = row.vcf_sample;
    c.sample_id = row.sample;
    if (row.genome) c.genome = row.genome;
    for (const auto& [k, v] : row.clinical) {
        auto it = std::find_if(c.clinical.begin(), c.clinical.end(), [&](const auto& kv) { return kv.first == k; });
        if (it != c.clinical.end()) it->second = v;
        else c.clinical.emplace_back(k, v);
    }
    c.threads = 1;  // the sample's own pipeline; parallelism comes from running samples side by side
    return c;
}

std::string error_text(const Error& e) {
    std::string s = e.message();
    if (!e.hint().empty()) s += " (hint: " + e.hint() + ")";
    return s;
}

}  // namespace

int run_batch(const Args& args, const std::string& command_line) {
    const BatchConfig b = parse_batch_args(args);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(b.base.threads));
    const batch::SampleSheet sheet = batch::read_sample_sheet(b.sheet);

    const fs::path out_dir(b.base.out_dir);
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (!fs::is_directory(out_dir)) throw InputError(b.base.out_dir, "cannot create the output folder", "check --out-dir");
    const SharedKb shared(load_config_kb(b.base));
    const auto& kb = shared.kb();

    std::ofstream log(out_dir / "batch.log", std::ios::app);
    if (!log) throw InputError((out_dir / "batch.log").string(), "cannot write the batch log", "check that --out-dir is writable");
    std::mutex log_mu;
    auto log_line = [&](const std::string& line) {
        std::lock_guard<std::mutex> lock(log_mu);
        if (!b.base.no_timestamp) log << now_utc() << " ";
        log << line << "\n" << std::flush;
    };
    log_line("batch " + b.sheet + ": " + std::to_string(sheet.rows.size()) + " sample(s), knowledgebase " + kb.name + " " + kb.version +
             (b.base.no_timestamp ? std::string() : ", threads " + std::to_string(b.base.threads)));

    const std::size_t n = sheet.rows.size();
    CohortSpill results(out_dir, n);  // each sample's summary goes to disk as it finishes: memory stays flat
    std::atomic<bool> stop{false};
    batch::Progress progress(std::cerr, batch::Progress::detect(b.quiet), n);

    auto run_one = [&](std::size_t i, CohortSample& s) {
        const auto& row = sheet.rows[i];
        s.sample = row.sample;
        s.input = row.input;
        s.tumor_type = row.tumor_type;
        s.notes = row.notes;
        auto finish = [&](const std::string& what, bool failed) {
            const std::string line = "oncomatch: batch: " + row.sample + ": " + what;
            log_line(row.sample + ": " + what);
            progress.done(line, failed);
        };
        if (stop.load()) {
            s.status = "not_run";
            s.exit_code = 0;
            s.error = "not run: --fail-fast stopped the batch after a failure";
            finish("not run (--fail-fast)", false);
            return;
        }
        const AnnotateConfig c = sample_config(b.base, row);
        std::vector<fs::path> outputs;
        for (const auto& f : c.formats) outputs.push_back(out_dir / (row.sample + ".oncomatch." + f));
        const fs::path json_path = out_dir / (row.sample + ".oncomatch.json");
        try {
            if (b.summary_only) {
                if (!fs::exists(json_path))
                    throw InputError(json_path.string(), "no report for this sample", "run it first (oncomatch annotate or batch)");
                summarise_report_json(json_path, s);
                s.run = "reused";
                finish("report summarised", false);
                return;
            }
            const auto code = kb.oncotree.canonical_code(row.tumor_type);
            const fs::path stamp_file = batch::stamp_path(out_dir, row.sample);
            const std::string stamp = code ? batch::resume_stamp(c, *code, kb.sha256, kToolVersion) : std::string();
            std::string redo_reason;
            if (!b.force && code) {
                const auto decision = batch::check_resume(outputs, stamp_file, stamp);
                if (decision.up_to_date) {
                    summarise_report_json(json_path, s);
                    s.run = "reused";
                    finish("up to date, reused", false);
                    return;
                }
                if (fs::exists(stamp_file)) redo_reason = decision.reason;  // a change, not a first run
            }
            if (c.trials_in_country && std::none_of(c.clinical.begin(), c.clinical.end(), [](const auto& kv) { return kv.first == "country"; }))
                throw UsageError("--trials-in-country needs a country (sheet column 'country' or --clinical country=CC)");
            const SampleOutcome o = run_sample(shared, c, command_line, nullptr, [&](const Report& rep) { summarise_report(rep, kb, s); });
            if (code) batch::write_stamp(stamp_file, stamp);  // after the reports were committed
            s.run = "new";
            finish("ok" + (redo_reason.empty() ? std::string() : " (redone: " + redo_reason + ")") + ": " + std::to_string(o.findings) + " finding(s), " + std::to_string(o.variants) + " variant(s) listed, " +
                       std::to_string(o.trials) + " trial(s)",
                   false);
            return;
        } catch (const Error& e) {
            s.exit_code = static_cast<int>(e.code());
            s.error = error_text(e);
        } catch (const std::bad_alloc&) {
            s.exit_code = static_cast<int>(ExitCode::internal);
            s.error = "out of memory";
        } catch (const std::exception& e) {
            s.exit_code = static_cast<int>(ExitCode::internal);
            s.error = std::string("internal error: ") + e.what();
        }
        s.status = "failed";
        s.findings.clear();
        if (b.fail_fast) stop.store(true);
        finish("failed (exit " + std::to_string(s.exit_code) + "): " + s.error, true);
    };
    auto process = [&](std::size_t i) {
        CohortSample s;
        run_one(i, s);
        results.put(i, s);
    };
    if (b.base.threads == 1) {
        for (std::size_t i = 0; i < n; ++i) process(i);  // sheet order, deterministic logs
    } else {
        // --threads workers take samples in sheet order (so --fail-fast stops after what came
        // first, and resumed batches progress front to back); each sample's own pipeline runs
        // nested in the same TBB arena.
        std::atomic<std::size_t> next{0};
        tbb::task_group workers;
        const std::size_t nworkers = std::min<std::size_t>(static_cast<std::size_t>(b.base.threads), n);
        for (std::size_t w = 0; w < nworkers; ++w)
            workers.run([&] {
                for (std::size_t i = next++; i < n; i = next++) process(i);
            });
        workers.wait();
    }
    progress.finish();

    CohortMeta meta;
    meta.sheet = b.sheet;
    meta.kb_name = kb.name;
    meta.kb_version = kb.version;
    meta.kb_sha256 = kb.sha256;
    meta.tool_version = kToolVersion;
    if (!b.base.no_timestamp) meta.generated_at = now_utc();
    AtomicFileSet files;
    write_cohort_tsv(files.add(out_dir / "cohort.oncomatch.tsv").stream(), results);
    write_cohort_html(files.add(out_dir / "cohort.html").stream(), results, meta);
    write_cohort_multiqc(files.add(out_dir / "oncomatch_mqc.json").stream(), results, meta);
    files.commit_all();

    std::size_t ok = 0, reused = 0, failed = 0, not_run = 0;
    results.for_each([&](const CohortSample& s) {
        if (s.status == "ok") ++ok;
        if (s.run == "reused") ++reused;
        if (s.status == "failed") ++failed;
        if (s.status == "not_run") ++not_run;
    });
    std::string summary = std::to_string(n) + " sample(s): " + std::to_string(ok) + " ok (" + std::to_string(reused) + " reused), " +
                          std::to_string(failed) + " failed" + (not_run ? ", " + std::to_string(not_run) + " not run" : std::string());
    log_line("done: " + summary);
    if (!b.quiet)
        std::cerr << "oncomatch: batch: " << summary << "; cohort summary: " << (out_dir / "cohort.html").string() << "\n";
    return failed + not_run > 0 ? static_cast<int>(ExitCode::input) : 0;
}

}  // namespace oncomatch::cli
