// `oncomatch genes build|info`: build a transcript pack from a GTF/GFF3 + genome FASTA, or
// summarise one (genome, hash, genes, preferred transcripts, sources).
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "oncomatch/cli/commands.hpp"
#include "oncomatch/error.hpp"
#include "oncomatch/genome/build.hpp"
#include "oncomatch/io/reference.hpp"
#include "oncomatch/kb/loader.hpp"
#include "oncomatch/transcript/pack_builder.hpp"
#include "oncomatch/util/strings.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace oncomatch::cli {
namespace {

struct GenesBuildConfig {
    std::string gtf, gff3, fasta, genome, genes = "kb", out, kb_dir, cache_dir;
    long long fasta_offset = 1;
    long long flank = tx::PackBuildOptions::kDefaultFlank;
    bool no_kb_cache = false;
};

void print_usage(std::ostream& o, const po::options_description& opts) {
    o << "Usage: oncomatch genes build (--gtf FILE | --gff3 FILE) --fasta GENOME.fa --genome GRCh38|GRCh37 [--genes LIST|kb|all] -o PACK\n"
         "       oncomatch genes info PACK\n\n"
      << opts << "\n";
}

int run_build(const Args& args) {
    GenesBuildConfig c;
    po::options_description opts("genes build options");
    opts.add_options()("help,h", "show this help")("gtf", po::value(&c.gtf), "GENCODE / Ensembl GTF (plain or .gz)")(
        "gff3", po::value(&c.gff3), "RefSeq or MANE GFF3 (plain or .gz)")("fasta", po::value(&c.fasta), "genome FASTA of the same build (faidx-indexable)")(
        "fasta-offset", po::value(&c.fasta_offset)->default_value(1), "genomic position of the FASTA's first base (for a slice of a chromosome)")(
        "flank", po::value(&c.flank)->default_value(tx::PackBuildOptions::kDefaultFlank),
        "genome bases kept beside every exon, for the HGVS 3' rule on intronic indels (0: none)")(
        "genome", po::value(&c.genome), "GRCh38 or GRCh37")("genes", po::value(&c.genes)->default_value("kb"),
                                                           "comma-separated gene symbols, 'kb' (the knowledgebase's genes) or 'all'")(
        "kb", po::value(&c.kb_dir), "knowledgebase folder (gene list and preferred transcripts; default the bundled one)")(
        "cache-dir", po::value(&c.cache_dir), "compiled knowledgebase cache folder")("no-kb-cache", po::bool_switch(&c.no_kb_cache), "do not use the knowledgebase cache")(
        "out,o", po::value(&c.out), "output pack file");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(opts).style(kCommandLineStyle).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string("genes build: ") + e.what(), "see 'oncomatch genes --help'");
    }
    if (vm.count("help")) {
        print_usage(std::cout, opts);
        return 0;
    }
    if (c.gtf.empty() == c.gff3.empty()) throw UsageError("genes build: give exactly one of --gtf or --gff3");
    if (c.fasta.empty()) throw UsageError("genes build: --fasta is required", "the genome FASTA the annotation refers to");
    if (c.out.empty()) throw UsageError("genes build: -o PACK is required");
    auto b = parse_build(c.genome);
    if (!b) throw UsageError("genes build: --genome must be GRCh38 or GRCh37" + (c.genome.empty() ? std::string() : ", not '" + c.genome + "'"));
    if (c.fasta_offset < 1) throw UsageError("genes build: --fasta-offset must be >= 1");
    if (c.flank < 0 || c.flank > 100000) throw UsageError("genes build: --flank must be between 0 and 100000");

    tx::PackBuildOptions po_;
    po_.genome = std::string(build_name(*b));
    po_.fasta_path = c.fasta;
    po_.fasta_offset = c.fasta_offset - 1;
    po_.flank = c.flank;
    const std::string ann = c.gtf.empty() ? c.gff3 : c.gtf;
    po_.source = std::string(c.gtf.empty() ? "gff3:" : "gtf:") + fs::path(ann).filename().string();
    {  // the knowledgebase gives preferred transcripts (and the gene list for --genes kb)
        kb::LoadOptions lo;
        lo.dir = c.kb_dir.empty() ? kb::default_kb_dir() : fs::path(c.kb_dir);
        lo.cache_dir = c.cache_dir;
        lo.use_cache = !c.no_kb_cache;
        auto kb = kb::load_knowledgebase(lo);
        const int bi = static_cast<int>(*b);
        for (const auto& g : kb->genes) {
            std::set<std::string> ids;
            for (const auto& id : {g.ensembl[bi], g.refseq[bi]})
                if (!id.empty()) ids.insert(id.substr(0, id.find('.')));
            po_.preferred[g.symbol] = ids;
            if (c.genes == "kb") po_.genes.insert(g.symbol);
        }
    }
    if (c.genes != "kb" && c.genes != "all")
        for (auto g : split(c.genes, ','))
            if (!trim(g).empty()) po_.genes.insert(std::string(trim(g)));
    const auto models = tx::read_gene_models(ann, c.gtf.empty() ? tx::ModelFormat::gff3 : tx::ModelFormat::gtf);
    ReferenceFasta fasta(c.fasta);
    tx::PackBuildSummary sum;
    auto pack = tx::build_pack_from_models(models, fasta, po_, sum);
    if (pack.transcripts.empty())
        throw InputError(ann, "no transcript of the requested genes (" + c.genes + ") in the file", "check --genes and the gene names in the file");
    pack.notes.push_back("oncomatch genes build from " + fs::path(ann).filename().string() + " + " + fs::path(c.fasta).filename().string() +
                         " (" + po_.genome + ", genes " + c.genes + ")");
    tx::write_pack(pack, c.out);
    std::cerr << "oncomatch: " << c.out << ": " << sum.transcripts << " transcript(s) of " << sum.genes << " gene(s), " << sum.coding
              << " coding; " << sum.cds_dropped << " with an unusable CDS kept as non-coding\n";
    for (const auto& n : sum.notes) std::cerr << "  note: " << n << "\n";
    return 0;
}

int run_info(const Args& args) {
    if (args.size() != 1 || args[0] == "--help" || args[0] == "-h") {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
            std::cout << "Usage: oncomatch genes info PACK\n";
            return 0;
        }
        throw UsageError("genes info: give one transcript pack", "usage: oncomatch genes info PACK");
    }
    const auto pack = tx::read_pack(args[0]);
    std::size_t coding = 0, lifted = 0;
    std::map<std::string, std::size_t> sources;
    for (const auto& t : pack.transcripts) {
        coding += t.coding();
        lifted += t.lifted;
        ++sources[t.source];
    }
    std::cout << "transcript pack\t" << args[0] << "\n"
              << "format\t" << tx::kPackFormatVersion << "\n"
              << "genome\t" << pack.genome << "\n"
              << "content_sha256\t" << pack.content_hash << "\n"
              << "transcripts\t" << pack.transcripts.size() << " (" << coding << " coding, " << lifted << " lifted)\n";
    for (const auto& n : pack.notes) std::cout << "source_note\t" << n << "\n";
    std::cout << "\n## sources\n";
    for (const auto& [s, n] : sources) std::cout << s << "\t" << n << "\n";
    std::cout << "\n## genes\ngene\ttranscripts\tpreferred\tpreferred_cds_nt\tpreferred_exons\tpreferred_source\n";
    for (const auto& g : pack.genes()) {
        auto ts = pack.of_gene(g);
        const auto* p = ts.front()->preferred ? ts.front() : nullptr;
        std::cout << g << "\t" << ts.size() << "\t" << (p ? p->id + (p->lifted ? " (lifted)" : "") : "-") << "\t"
                  << (p && p->coding() ? std::to_string(p->cds_end0 - p->cds_beg0) : "-") << "\t" << (p ? std::to_string(p->exons.size()) : "-")
                  << "\t" << (p ? p->source : "-") << "\n";
    }
    return 0;
}

}  // namespace

int run_genes(const Args& args, const std::string& /*command_line*/) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::cout << "Usage: oncomatch genes build (--gtf FILE | --gff3 FILE) --fasta GENOME.fa --genome GRCh38|GRCh37 [--genes LIST|kb|all] -o PACK\n"
                     "       oncomatch genes info PACK\n";
        if (args.empty()) throw UsageError("genes: no action given", "use 'build' or 'info'");
        return 0;
    }
    const Args rest(args.begin() + 1, args.end());
    if (args[0] == "build") return run_build(rest);
    if (args[0] == "info") return run_info(rest);
    throw UsageError("genes: unknown action '" + args[0] + "'", "use 'build' or 'info'");
}

}  // namespace oncomatch::cli
