// One sample's work (see header): the body `annotate` always had, made reusable so that `batch`
// runs exactly the same code per sample with the knowledgebase loaded once.
#include "oncomatch/cli/sample_run.hpp"

#include <tbb/parallel_for_each.h>

#include <chrono>
#include <ctime>
#include <optional>
#include <sstream>

#include "oncomatch/cli/report.hpp"
#include "oncomatch/error.hpp"
#include "oncomatch/report/render.hpp"
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

namespace fs = std::filesystem;

namespace oncomatch::cli {

SharedKb::SharedKb(std::shared_ptr<const kb::Knowledgebase> kb) : kb_(std::move(kb)) {}

const kb::KbIndex& SharedKb::index(Build b) const {
    const auto i = static_cast<std::size_t>(b);
    std::call_once(once_[i], [&] { index_[i] = std::make_unique<kb::KbIndex>(*kb_, b); });
    return *index_[i];
}

SharedKb::LoadedPack SharedKb::pack(const fs::path& path) const {
    const std::string key = path.lexically_normal().string();
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (auto it = packs_.find(key); it != packs_.end()) return {it->second.first.get(), it->second.second};
    }
    // Read outside the lock (another sample may use another pack meanwhile); the first reader wins.
    const auto t0 = std::chrono::steady_clock::now();
    auto p = std::make_unique<const tx::Pack>(tx::read_pack(path));
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::lock_guard<std::mutex> lock(mu_);
    auto [it, fresh] = packs_.emplace(key, std::make_pair(std::move(p), ms));
    return {it->second.first.get(), it->second.second};
}

const kb::RegionSet& SharedKb::parse_regions(Build b, const tx::Pack* pack) const {
    const kb::KbIndex& idx = index(b);
    std::lock_guard<std::mutex> lock(mu_);
    auto& slot = parse_regions_[{static_cast<int>(b), pack}];
    if (!slot) {
        auto r = std::make_unique<kb::RegionSet>(idx.coding_regions());
        if (pack)
            for (const auto& t : pack->transcripts)
                for (const auto& e : t.exons)
                    r->add(t.chrom, std::max<std::int64_t>(0, e.g_beg0 - kb::KbIndex::kSplicePad), e.g_end0 + kb::KbIndex::kSplicePad);
        r->finalise();
        slot = std::move(r);
    }
    return *slot;
}

std::shared_ptr<const kb::Knowledgebase> load_config_kb(const AnnotateConfig& c) {
    kb::LoadOptions lo;
    lo.dir = c.kb_dir;
    lo.overlay = c.kb_overlay;
    lo.cache_dir = c.cache_dir;
    lo.use_cache = !c.no_kb_cache;
    return kb::load_knowledgebase(lo);
}

namespace {


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

void write_format(std::ostream& out, const std::string& format, const Report& rep, const kb::KbIndex& index, const Provenance& prov) {
    if (format == "json") write_json(out, rep, index, prov);
    else if (format == "tsv") write_tsv(out, rep, index);
    else throw Error(ExitCode::internal, {}, "no writer for format '" + format + "'");
}

}  // namespace

SampleOutcome run_sample(const SharedKb& shared, const AnnotateConfig& c, const std::string& command_line, std::ostream* stdout_out,
                         const ReportHook& on_report) {
    const auto& kb = shared.kb();
    auto code = kb.oncotree.canonical_code(c.tumor_type);
    if (!code) throw UsageError("unknown tumour type '" + c.tumor_type + "'", "use an OncoTree code such as LUAD, COADREAD, BREAST or MEL (knowledgebase/oncotree/oncotree.tsv), or _SOLID_, _LIQUID_, _ALL_");
    const std::string tumor_type = *code;
    const std::vector<std::pair<std::string, std::string>>& clinical = c.clinical;
    for (const auto& [k, v] : clinical)
        if (k == "prior_therapy")
            for (const auto& d : split_copy(v, ','))
                if (!kb.drug(std::string(trim(d))))
                    throw UsageError("--clinical prior_therapy: unknown drug '" + std::string(trim(d)) + "'", "use generic drug names from the knowledgebase's drugs list");

    // Clinician report (pdf/html): fonts and lab configuration are checked before any work.
    const auto wants = [&](const char* f) { return std::find(c.formats.begin(), c.formats.end(), f) != c.formats.end(); };
    const bool render_report_files = wants("pdf") || wants("html");
    if (wants("pdf")) render::check_pdf_fonts();
    const render::LabConfig lab = render_report_files ? lab_or_default(c.lab_config) : render::LabConfig{};

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

    const ResolvedBuild resolved = resolve_build(reader, c, kb);
    const Build build = resolved.build;
    const kb::KbIndex& index = shared.index(build);
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
    if (!c.formats.empty()) {
        std::error_code ec;
        fs::create_directories(out_dir, ec);
        if (!fs::is_directory(out_dir)) throw InputError(c.out_dir, "cannot create the output folder", "check --out-dir");
    }

    InterpretOptions io;
    io.tumor_type = tumor_type;
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
    // Transcript pack for oncomatch's own consequence annotation (read once per run or batch,
    // shared read-only).
    const tx::Pack* pack = nullptr;
    double pack_ms = 0;
    if (c.consequence != "file") {
        const fs::path pack_path = !c.transcripts.empty() ? fs::path(c.transcripts)
                                                          : fs::path(c.kb_dir) / "transcripts" / (std::string(build_name(build)) + ".pack");
        if (!c.transcripts.empty() || fs::exists(pack_path)) {
            const auto loaded = shared.pack(pack_path);
            pack = loaded.pack;
            pack_ms = loaded.load_ms;
            if (pack->genome != build_name(build))
                throw InputError(pack_path.string(), "the transcript pack is " + pack->genome + " but the input is " + std::string(build_name(build)),
                                 "use the pack built for " + std::string(build_name(build)));
        }
    }
    popts.consequence.pack = pack;
    popts.consequence.mode = c.consequence == "own" ? ConsequenceMode::own : c.consequence == "file" ? ConsequenceMode::file : ConsequenceMode::both;
    popts.consequence.ref_mismatch_is_error = c.on_ref_mismatch == "error";
    std::optional<SharedReference> shared_ref;  // the match stage's own handle on --reference
    if (!c.reference.empty() && pack) {
        shared_ref.emplace(c.reference);
        popts.consequence.reference = &*shared_ref;
    }
    // Without consequence annotation in the file, only records near exons (or at known alleles)
    // can be reported: the exon tables' exons and, with a pack, every exon of its transcripts, each
    // widened for splice sites. An index is still queried by gene span (fewer seeks).
    const bool annotated = reader.schema().has_csq || reader.schema().has_ann || reader.schema().has_bcsq;
    reader.set_regions(annotated ? &index.regions() : &shared.parse_regions(build, pack), use_index, &index.regions());
    if (!use_index && c.threads > 1) reader.set_io_threads(std::min(c.threads, 4));
    if (want_vcf) {
        std::ostream& os = c.stdout_format == "vcf" && stdout_out ? *stdout_out : files.add(out_dir / (id + ".oncomatch.vcf")).stream();
        std::vector<std::string> meta = {"##oncomatch_version=" + std::string(kToolVersion),
                                         "##oncomatch_knowledgebase=" + kb.name + " " + kb.version + " sha256:" + kb.sha256,
                                         "##oncomatch_tumor_type=" + tumor_type};
        if (!c.no_timestamp) meta.push_back("##oncomatch_command=" + command_line);
        vcf.emplace(os, index, io, std::move(meta));
        vcf->write_header(reader.header_text());
        popts.on_chunk = [&](const TextChunk& ch, const std::vector<MatchedVariant>& mv) { vcf->write_chunk(ch, mv); };
    }
    PipelineResult res = run_pipeline(reader, index, popts);
    if (c.stdout_format == "vcf" && stdout_out) {
        stdout_out->flush();
        if (!*stdout_out) throw InputError("stdout", "write failed (closed pipe or full disk?)", "the annotated VCF on stdout is incomplete");
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
    rep.sample = {id, reader.tumour_name(), tumor_type, std::string(build_name(build)), clinical};
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
    // Listed only when it happens (an indel at an exon edge or in an intron of a gene whose pack
    // model has no flanking genome sequence): the HGVS c. shown may not be the 3'-most position.
    if (!res.shift_incomplete_examples.empty()) rep.qc_lists["hgvsc_3prime_shift_incomplete"] = res.shift_incomplete_examples;
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

    SampleOutcome outcome;
    outcome.id = id;
    outcome.findings = rep.findings.size();
    outcome.variants = rep.variants.size();
    outcome.trials = rep.trials.size();
    // The PDF/HTML report is rendered from the JSON text itself, exactly as `oncomatch report` does
    // (the JSON is held in memory only then; otherwise it streams to its file).
    std::string json_text;
    std::optional<render::Model> model;
    if (render_report_files) {
        std::ostringstream js;
        write_json(js, rep, index, prov);
        json_text = js.str();
        model = render::read_model(json_text, id + ".oncomatch.json");
    }
    const std::string report_date = c.no_timestamp ? std::string() : prov.generated_at.substr(0, 10);
    // The report files are independent of each other: they are written side by side (a whole
    // genome lists thousands of variants, and JSON and TSV then cost as much as the streaming).
    std::vector<std::pair<std::string, AtomicFile*>> pending;
    for (const auto& f : c.formats) {
        if (f == "vcf") {  // written while streaming
            outcome.files.push_back(out_dir / (id + ".oncomatch.vcf"));
            continue;
        }
        auto& af = files.add(out_dir / (id + ".oncomatch." + f));
        pending.emplace_back(f, &af);
        outcome.files.push_back(af.target());
    }
    tbb::parallel_for_each(pending.begin(), pending.end(), [&](const std::pair<std::string, AtomicFile*>& p) {
        const auto& [f, af] = p;
        if (f == "json" && render_report_files) af->stream() << json_text;
        else if (f == "pdf" || f == "html") render_report(af->stream(), f, *model, lab, parse_lang_option(c.lang), report_date);
        else write_format(af->stream(), f, rep, index, prov);
    });
    // A stream cannot be taken back: it is written last, once everything else has succeeded, and
    // a failed write (closed pipe, full disk) is an error so that `set -o pipefail` sees it.
    files.commit_all();
    if (stdout_out && c.stdout_format != "vcf") {
        write_format(*stdout_out, c.stdout_format, rep, index, prov);
        stdout_out->flush();
        if (!*stdout_out) throw InputError("stdout", "write failed (closed pipe or full disk?)", "the report on stdout is incomplete");
    }
    if (on_report) on_report(rep);
    return outcome;
}

}  // namespace oncomatch::cli
