// `oncomatch annotate`: the main job. Options -> validated AnnotateConfig -> knowledgebase ->
// input header (sample, build) -> streaming pipeline -> interpretation -> JSON/TSV, written
// atomically (temporary file, then rename) so that an error never leaves partial output.
#include "oncomatch/cli/annotate.hpp"

#include <tbb/global_control.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <regex>
#include <set>

#include "oncomatch/cli/commands.hpp"
#include "oncomatch/error.hpp"
#include "oncomatch/interpret/interpret.hpp"
#include "oncomatch/io/bed.hpp"
#include "oncomatch/io/vcf_reader.hpp"
#include "oncomatch/kb/loader.hpp"
#include "oncomatch/pipeline.hpp"
#include "oncomatch/report/vcf_writer.hpp"
#include "oncomatch/report/writers.hpp"
#include "oncomatch/transcript/pack.hpp"
#include "oncomatch/util/atomic_file.hpp"
#include "oncomatch/util/strings.hpp"
#include "oncomatch/version.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace oncomatch::cli {

bool is_safe_id(const std::string& id) {
    if (id.empty() || id.size() > 200 || id[0] == '.' || id[0] == '-') return false;
    for (char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
    return true;
}

std::pair<std::string, std::string> parse_clinical(const std::string& kv) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
        throw UsageError("--clinical '" + kv + "' is not KEY=VALUE", "e.g. --clinical her2_status=negative");
    std::string key = kv.substr(0, eq), value = std::string(trim(kv.substr(eq + 1)));
    static const std::map<std::string, std::set<std::string>> allowed = {
        {"sex", {"female", "male"}},
        {"er_status", {"positive", "negative"}},
        {"pr_status", {"positive", "negative"}},
        {"hr_status", {"positive", "negative"}},
        {"her2_status", {"positive", "low", "negative"}},
        {"menopausal_status", {"pre", "post"}},
        {"germline_tested", {"true", "false"}},
        {"age", {}},
        {"country", {}},
        {"prior_therapy", {}},
    };
    auto it = allowed.find(key);
    if (it == allowed.end()) {
        std::vector<std::string> keys;
        for (const auto& [k, _] : allowed) keys.push_back(k);
        throw UsageError("unknown --clinical key '" + key + "'", "known keys: " + join(keys, ", "));
    }
    if (!it->second.empty() && !it->second.count(value)) {
        std::vector<std::string> vals(it->second.begin(), it->second.end());
        throw UsageError("--clinical " + key + ": unknown value '" + value + "'", "use one of: " + join(vals, ", "));
    }
    if (key == "age") {
        auto a = parse_number<int>(value);
        if (!a || *a < 0 || *a > 130) throw UsageError("--clinical age must be a whole number of years, not '" + value + "'");
    }
    if (key == "country") {
        static const std::regex re("^[A-Z]{2}$");
        if (!std::regex_match(value, re)) throw UsageError("--clinical country must be an ISO 3166 alpha-2 code like CN, US, DE, not '" + value + "'");
    }
    if (key == "prior_therapy" && value.empty()) throw UsageError("--clinical prior_therapy needs drug names, comma-separated");
    return {key, value};
}

AnnotateConfig parse_annotate_args(const std::vector<std::string>& args) {
    AnnotateConfig c;
    std::string formats, genome;
    std::vector<std::string> clinical;
    po::options_description opts("annotate options");
    opts.add_options()
        ("help,h", "show this help")
        ("tumor-type,t", po::value(&c.tumor_type), "OncoTree code of the tumour (required), e.g. LUAD, COADREAD, _SOLID_")
        ("sample", po::value(&c.sample), "tumour column of the VCF (default: ##tumor_sample, a TUMOR column, or the only column)")
        ("sample-id", po::value(&c.sample_id), "report id and file name prefix (default: the tumour column's name)")
        ("kb", po::value(&c.kb_dir), "knowledgebase folder (default: the bundled one, or $ONCOMATCH_KB)")
        ("kb-overlay", po::value(&c.kb_overlay), "local overlay folder whose entries add to or replace the knowledgebase's")
        ("out-dir,o", po::value(&c.out_dir)->default_value("."), "output folder (created if missing)")
        ("formats", po::value(&formats)->default_value("json,tsv"), "comma-separated: json, tsv, vcf (annotated pass-through)")
        ("stdout", po::value(&c.stdout_format), "stream this format to standard output instead of a file: vcf")
        ("threads", po::value(&c.threads)->default_value(1), "worker threads")
        ("genome", po::value(&genome), "GRCh38 or GRCh37 (required when the file does not say)")
        ("reference", po::value(&c.reference), "reference FASTA (faidx): checks REF and left-aligns indels")
        ("target-bed", po::value(&c.target_bed), "BED of the regions the assay covered")
        ("clinical", po::value(&clinical)->composing(), "clinical context KEY=VALUE (repeatable)")
        ("no-timestamp", po::bool_switch(&c.no_timestamp), "omit volatile provenance (time, command line, threads, paths)")
        ("include-filtered", po::bool_switch(&c.include_filtered), "also report variants that failed FILTER (flagged)")
        ("whole-file", po::bool_switch(&c.whole_file), "stream the whole file even when an index exists")
        ("all-trials", po::bool_switch(&c.all_trials), "list trials whatever their recruitment status")
        ("trials-in-country", po::bool_switch(&c.trials_in_country), "list only trial sites in --clinical country")
        ("cache-dir", po::value(&c.cache_dir), "folder for the compiled knowledgebase cache (default $XDG_CACHE_HOME/oncomatch)")
        ("no-kb-cache", po::bool_switch(&c.no_kb_cache), "neither read nor write the compiled knowledgebase cache")
        ("vaf-field", po::value(&c.vaf_field), "FORMAT/INFO field holding the tumour allele fraction")
        ("depth-field", po::value(&c.depth_field), "FORMAT/INFO field holding the tumour depth")
        ("consequence", po::value(&c.consequence)->default_value("own"), "own | file | both: oncomatch's own HGVS annotation (genes with a transcript model), the file's VEP/SnpEff/BCSQ, or both")
        ("on-ref-mismatch", po::value(&c.on_ref_mismatch)->default_value("error"), "error | warn when a REF differs from the transcript model's sequence")
        ("transcripts", po::value(&c.transcripts), "transcript pack from 'oncomatch genes build' (default: the knowledgebase's transcripts/<build>.pack)");
    po::options_description hidden;
    hidden.add_options()("input", po::value(&c.input));
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("input", 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string("annotate: ") + e.what(), "see 'oncomatch annotate --help'");
    }
    if (vm.count("help")) {
        std::cout << "Usage: oncomatch annotate INPUT.vcf[.gz]|INPUT.bcf|- --tumor-type CODE [options]\n\n" << opts << "\n";
        throw Error(ExitCode::ok, {}, "");
    }
    if (c.input.empty()) throw UsageError("annotate: no input file", "usage: oncomatch annotate INPUT --tumor-type CODE");
    if (c.tumor_type.empty()) throw UsageError("annotate: --tumor-type is required", "give an OncoTree code, e.g. --tumor-type LUAD");
    if (c.threads < 1 || c.threads > 256) throw UsageError("--threads must be between 1 and 256");
    c.formats.clear();
    for (auto f : split(formats, ',')) {
        const std::string s(trim(f));
        if (s.empty()) continue;
        if (s == "json" || s == "tsv" || s == "vcf") {
            if (std::find(c.formats.begin(), c.formats.end(), s) == c.formats.end()) c.formats.push_back(s);
        } else if (s == "pdf" || s == "html") {
            throw UsageError("--formats " + s + " is not available in this version", "use json, tsv and/or vcf");
        } else {
            throw UsageError("unknown format '" + s + "' in --formats", "use json, tsv and/or vcf");
        }
    }
    if (!c.stdout_format.empty()) {
        if (c.stdout_format != "vcf")
            throw UsageError("--stdout " + c.stdout_format + " is not available", "use --stdout vcf");
        // The stream replaces the file of that format; other formats are still written as files.
        c.formats.erase(std::remove(c.formats.begin(), c.formats.end(), c.stdout_format), c.formats.end());
        if (vm["formats"].defaulted()) c.formats.clear();
    }
    if (c.formats.empty() && c.stdout_format.empty()) throw UsageError("--formats names no format", "use json, tsv and/or vcf");
    if (!genome.empty()) {
        auto b = parse_build(genome);
        if (!b) throw UsageError("unknown --genome '" + genome + "'", "use GRCh38 or GRCh37");
        c.genome = b;
    }
    std::set<std::string> seen;
    for (const auto& kv : clinical) {
        auto p = parse_clinical(kv);
        if (!seen.insert(p.first).second) throw UsageError("--clinical " + p.first + " given twice");
        c.clinical.push_back(p);
    }
    if (c.trials_in_country && !seen.count("country"))
        throw UsageError("--trials-in-country needs --clinical country=CC");
    if (!c.sample_id.empty() && !is_safe_id(c.sample_id))
        throw UsageError("--sample-id '" + c.sample_id + "' is not a safe file name", "use letters, digits, '.', '_' and '-' only");
    if (c.consequence != "own" && c.consequence != "file" && c.consequence != "both")
        throw UsageError("--consequence must be own, file or both, not '" + c.consequence + "'");
    if (c.on_ref_mismatch != "error" && c.on_ref_mismatch != "warn")
        throw UsageError("--on-ref-mismatch must be error or warn, not '" + c.on_ref_mismatch + "'");
    if (c.kb_dir.empty()) c.kb_dir = kb::default_kb_dir().string();
    return c;
}

namespace {

std::string now_utc() {
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

struct ResolvedBuild {
    Build build;
    std::string source;  // "file header" or "--genome", for the QC section
};

ResolvedBuild resolve_build(const VcfReader& reader, const AnnotateConfig& c, const kb::Knowledgebase& kb) {
    const auto ev = detect_build(reader.contigs(), reader.reference_line());
    const auto& file = reader.display_name();
    if (ev.contigs_conflict)
        throw InputError(file, "the ##contig lengths mix genome builds: " + ev.conflict_detail, "the header is inconsistent; fix the ##contig lines");
    if (ev.from_contigs && ev.from_reference && *ev.from_contigs != *ev.from_reference)
        throw InputError(file, "the header disagrees with itself: " + ev.contig_detail + " is " + std::string(build_name(*ev.from_contigs)) +
                                   " but ##reference=" + ev.reference_line + " suggests " + std::string(build_name(*ev.from_reference)),
                         "fix the header, then rerun");
    std::optional<Build> from_file = ev.from_contigs ? ev.from_contigs : ev.from_reference;
    const std::string evidence = ev.from_contigs ? ev.contig_detail : "##reference=" + ev.reference_line;
    if (from_file && c.genome && *from_file != *c.genome)
        throw InputError(file, "genome build mismatch: the file is " + std::string(build_name(*from_file)) + " (" + evidence + ") but --genome says " +
                                   std::string(build_name(*c.genome)),
                         "drop --genome, or lift the file over to the build you meant");
    std::optional<Build> b = from_file ? from_file : c.genome;
    if (!b) throw UsageError(file + ": the file does not say its genome build (no ##contig lengths or ##reference line)",
                             "pass --genome GRCh38 or --genome GRCh37");
    if (!kb.covers_build(*b))
        throw InputError(file, "the knowledgebase has no rules for " + std::string(build_name(*b)), "use a knowledgebase that covers this build");
    return {*b, from_file ? "file header" : "--genome"};
}

}  // namespace

int run_annotate(const Args& args, const std::string& command_line) {
    AnnotateConfig c = parse_annotate_args(args);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(c.threads));

    kb::LoadOptions lo;
    lo.dir = c.kb_dir;
    lo.overlay = c.kb_overlay;
    lo.cache_dir = c.cache_dir;
    lo.use_cache = !c.no_kb_cache;
    auto kb = kb::load_knowledgebase(lo);
    auto code = kb->oncotree.canonical_code(c.tumor_type);
    if (!code) throw UsageError("unknown tumour type '" + c.tumor_type + "'", "use an OncoTree code such as LUAD, COADREAD, BREAST or MEL (knowledgebase/oncotree/oncotree.tsv), or _SOLID_, _LIQUID_, _ALL_");
    c.tumor_type = *code;
    std::vector<std::pair<std::string, std::string>> clinical = c.clinical;
    for (const auto& [k, v] : clinical)
        if (k == "prior_therapy")
            for (const auto& d : split_copy(v, ','))
                if (!kb->drug(std::string(trim(d))))
                    throw UsageError("--clinical prior_therapy: unknown drug '" + std::string(trim(d)) + "'", "use generic drug names from the knowledgebase's drugs list");

    ReaderOptions ro;
    ro.path = c.input;
    ro.sample = c.sample;
    ro.whole_file = c.whole_file;
    ro.io_threads = 0;  // set below once it is known whether the file is read by regions
    ro.fields = {c.vaf_field, c.depth_field};
    VcfReader reader(ro);
    std::string id = c.sample_id.empty() ? reader.tumour_name() : c.sample_id;
    if (id.empty()) throw UsageError(reader.display_name() + ": the file has no sample column to name the report", "pass --sample-id ID");
    if (!is_safe_id(id))
        throw UsageError("report id '" + id + "' (from the tumour column) is not a safe file name", "pass --sample-id with letters, digits, '.', '_' or '-'");

    const ResolvedBuild resolved = resolve_build(reader, c, *kb);
    const Build build = resolved.build;
    const kb::KbIndex index(*kb, build);
    std::optional<ReferenceFasta> ref;
    if (!c.reference.empty()) {
        ref.emplace(c.reference);
        reader.set_reference(&*ref);
    }
    std::optional<kb::RegionSet> target;
    if (!c.target_bed.empty()) target = read_bed(c.target_bed);
    // The annotated VCF passes every record through, so it needs the whole text file.
    const bool want_vcf = c.stdout_format == "vcf" || std::find(c.formats.begin(), c.formats.end(), "vcf") != c.formats.end();
    if (want_vcf && reader.is_bcf())
        throw UsageError(reader.display_name() + ": the annotated VCF output needs a text VCF input, not BCF",
                         "convert on the way in: bcftools view -Ov FILE | oncomatch annotate - ...");
    const bool use_index = !want_vcf && reader.has_usable_index();

    // Output folder and files are set up before streaming so a bad folder fails fast.
    fs::path out_dir(c.out_dir);
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (!fs::is_directory(out_dir)) throw InputError(c.out_dir, "cannot create the output folder", "check --out-dir");

    InterpretOptions io;
    io.tumor_type = c.tumor_type;
    io.clinical = clinical;
    io.target = target ? &*target : nullptr;
    io.include_filtered = c.include_filtered;
    io.all_trials = c.all_trials;
    io.trials_in_country = c.trials_in_country;

    // Files are written to temporary names and renamed only when everything succeeded; the
    // annotated VCF is written while streaming, the reports after interpretation.
    AtomicFileSet files;
    std::optional<VcfWriter> vcf;
    PipelineOptions popts;
    popts.threads = c.threads;
    // Transcript pack for oncomatch's own consequence annotation (loaded once, shared read-only).
    std::optional<tx::Pack> pack;
    double pack_ms = 0;
    if (c.consequence != "file") {
        const fs::path pack_path = !c.transcripts.empty() ? fs::path(c.transcripts)
                                                          : fs::path(c.kb_dir) / "transcripts" / (std::string(build_name(build)) + ".pack");
        if (!c.transcripts.empty() || fs::exists(pack_path)) {
            const auto t0 = std::chrono::steady_clock::now();
            pack = tx::read_pack(pack_path);
            pack_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            if (pack->genome != build_name(build))
                throw InputError(pack_path.string(), "the transcript pack is " + pack->genome + " but the input is " + std::string(build_name(build)),
                                 "use the pack built for " + std::string(build_name(build)));
        }
    }
    popts.consequence.pack = pack ? &*pack : nullptr;
    popts.consequence.mode = c.consequence == "own" ? ConsequenceMode::own : c.consequence == "file" ? ConsequenceMode::file : ConsequenceMode::both;
    popts.consequence.ref_mismatch_is_error = c.on_ref_mismatch == "error";
    // Without consequence annotation in the file, only records near exons (or at known alleles)
    // can be reported: the exon tables' exons and, with a pack, every exon of its transcripts, each
    // widened for splice sites. An index is still queried by gene span (fewer seeks).
    const bool annotated = reader.schema().has_csq || reader.schema().has_ann || reader.schema().has_bcsq;
    std::optional<kb::RegionSet> parse_regions;
    if (!annotated) {
        parse_regions = index.coding_regions();
        if (pack)
            for (const auto& t : pack->transcripts)
                for (const auto& e : t.exons)
                    parse_regions->add(t.chrom, std::max<std::int64_t>(0, e.g_beg0 - kb::KbIndex::kSplicePad), e.g_end0 + kb::KbIndex::kSplicePad);
        parse_regions->finalise();
    }
    reader.set_regions(annotated ? &index.regions() : &*parse_regions, use_index, &index.regions());
    if (!use_index && c.threads > 1) reader.set_io_threads(std::min(c.threads, 4));
    if (want_vcf) {
        std::ostream& os = c.stdout_format == "vcf" ? std::cout : files.add(out_dir / (id + ".oncomatch.vcf")).stream();
        std::vector<std::string> meta = {"##oncomatch_version=" + std::string(kToolVersion),
                                         "##oncomatch_knowledgebase=" + kb->name + " " + kb->version + " sha256:" + kb->sha256,
                                         "##oncomatch_tumor_type=" + c.tumor_type};
        if (!c.no_timestamp) meta.push_back("##oncomatch_command=" + command_line);
        vcf.emplace(os, index, io, std::move(meta));
        vcf->write_header(reader.header_text());
        popts.on_chunk = [&](const TextChunk& ch, const std::vector<MatchedVariant>& mv) { vcf->write_chunk(ch, mv); };
    }
    PipelineResult res = run_pipeline(reader, index, popts);
    if (c.stdout_format == "vcf") {
        std::cout.flush();
        if (!std::cout) throw InputError("<stdout>", "cannot write the annotated VCF to standard output", "is the pipe closed?");
    }

    // Genome-build cross-check at loci whose reference base the knowledgebase knows.
    const bool wrong_build = (res.xcheck_other_exact >= 1 && res.xcheck_declared_match == 0) ||
                             (res.xcheck_declared_mismatch >= 2 && res.xcheck_declared_mismatch > res.xcheck_declared_match) ||
                             (res.xcheck_declared_mismatch >= 1 && res.xcheck_other_ref > res.xcheck_declared_match);
    if (wrong_build) {
        const std::string other(build_name(other_build(build)));
        std::string detail = std::to_string(res.xcheck_declared_mismatch) + " record(s) have a REF that disagrees with " +
                             std::string(build_name(build)) + " at knowledgebase loci, " + std::to_string(res.xcheck_other_ref) +
                             " fit " + other + " loci";
        if (!res.xcheck_examples.empty()) detail += " (e.g. " + join(res.xcheck_examples, ", ") + " is a known " + other + " allele)";
        throw InputError(reader.display_name(), "genome build mismatch: the records fit " + other + " better than " + std::string(build_name(build)) + ": " + detail,
                         "check --genome and the file's ##contig lines; a wrong build silently misses every finding");
    }

    Report rep = interpret(index, std::move(res.kept), io);
    rep.sample = {id, reader.tumour_name(), c.tumor_type, std::string(build_name(build)), clinical};
    const auto& st = reader.stats();
    rep.qc_counts["records_read"] = static_cast<long long>(st.lines);
    rep.qc_counts["records_in_knowledgebase_regions"] = static_cast<long long>(st.parsed);
    rep.qc_counts["alleles_matched"] = static_cast<long long>(res.matched_variants);
    rep.qc_counts["skipped_symbolic_alleles"] = static_cast<long long>(st.skipped_symbolic);
    rep.qc_counts["skipped_spanning_deletion_alleles"] = static_cast<long long>(st.skipped_star);
    rep.qc_counts["skipped_reference_only_records"] = static_cast<long long>(st.skipped_no_alt);
    rep.qc_counts["left_aligned_indels"] = static_cast<long long>(st.left_aligned);
    rep.qc_counts["build_check_loci_fitting"] = res.xcheck_declared_match;
    rep.qc_counts["build_check_loci_disagreeing"] = res.xcheck_declared_mismatch;
    long long unknown_depth = 0, unknown_vaf = 0, no_csq = 0;
    for (const auto& rv : rep.variants) {
        if (!rv.mv.v.depth) ++unknown_depth;
        if (!rv.mv.v.vaf) ++unknown_vaf;
        if (rv.mv.csq_status == "not_computed" || !rv.mv.csq || rv.mv.csq->consequences.empty()) ++no_csq;
    }
    rep.qc_counts["variants_depth_unknown"] = unknown_depth;
    rep.qc_counts["variants_vaf_unknown"] = unknown_vaf;
    rep.qc_counts["variants_consequence_not_computed"] = no_csq;
    rep.qc_counts["consequence_own_vs_file_compared"] = res.csq_compared;
    rep.qc_counts["consequence_own_vs_file_disagreed"] = res.csq_disagreed;
    rep.qc_counts["reference_mismatch_warnings"] = res.ref_mismatch_warnings;
    if (!res.csq_disagreements.empty()) rep.qc_lists["consequence_disagreements"] = res.csq_disagreements;
    if (!res.ref_mismatch_examples.empty()) rep.qc_lists["reference_mismatches"] = res.ref_mismatch_examples;
    rep.qc_text["consequence_mode"] = c.consequence;
    if (pack) {
        rep.qc_text["transcript_pack"] = pack->genome + " sha256:" + pack->content_hash + " (" + std::to_string(pack->transcripts.size()) + " transcripts)";
        rep.qc_text["consequence_genes_modelled"] = join(pack->genes(), ",");
        if (!c.no_timestamp) rep.qc_text["transcript_pack_load_ms"] = format_double(static_cast<double>(static_cast<long long>(pack_ms * 100)) / 100);
    } else {
        rep.qc_text["transcript_pack"] = c.consequence == "file" ? "not used (--consequence file)" : "none for this build";
    }
    rep.qc_text["read_mode"] = st.by_regions ? "regions (index)" : "stream";
    rep.qc_text["genome_build_source"] = resolved.source;
    rep.qc_text["filter_policy"] = c.include_filtered ? "all records (filtered ones flagged)" : "PASS only";
    rep.qc_text["annotation_in_file"] = join([&] {
        std::vector<std::string> a;
        if (reader.schema().has_csq) a.push_back("VEP CSQ");
        if (reader.schema().has_ann) a.push_back("SnpEff ANN");
        if (reader.schema().has_bcsq) a.push_back("bcftools BCSQ");
        if (a.empty()) a.push_back("none (exon-level location from the knowledgebase's exon tables)");
        return a;
    }(), ", ");
    if (rep.variants.size() > 0 && !reader.schema().has_csq && !reader.schema().has_ann && !reader.schema().has_bcsq)
        rep.qc_text["germline_note"] = "no population frequencies in the file: tumour-only variants may be germline";

    Provenance prov;
    prov.no_timestamp = c.no_timestamp;
    prov.command_line = command_line;
    prov.generated_at = now_utc();
    prov.threads = c.threads;
    prov.input_path = c.input;
    prov.out_dir = c.out_dir;

    for (const auto& f : c.formats) {
        if (f == "vcf") continue;  // written while streaming
        auto& af = files.add(out_dir / (id + ".oncomatch." + f));
        if (f == "json") write_json(af.stream(), rep, index, prov);
        else write_tsv(af.stream(), rep, index);
    }
    files.commit_all();
    std::cerr << "oncomatch: " << id << ": " << rep.findings.size() << " finding(s), " << rep.variants.size() << " variant(s) listed, "
              << rep.trials.size() << " trial(s)";
    if (!c.formats.empty()) std::cerr << "; report: " << (out_dir / (id + ".oncomatch." + c.formats[0])).string();
    if (!c.stdout_format.empty()) std::cerr << "; " << c.stdout_format << " on standard output";
    std::cerr << "\n";
    return 0;
}

}  // namespace oncomatch::cli
