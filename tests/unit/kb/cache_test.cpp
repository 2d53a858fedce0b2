// Compiled knowledgebase cache: a second load of the bundled knowledgebase comes from the cache
// and equals the parsed one field by field; an edit changes the key; damaged, foreign or
// misplaced cache files are ignored; failed loads are never cached.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <iterator>

#include "../test_support.hpp"
#include "oncomatch/kb/cache.hpp"
#include "oncomatch/kb/loader.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

const fs::path kBundled = fs::path(ONCOMATCH_SOURCE_DIR) / "knowledgebase";

std::shared_ptr<const kb::Knowledgebase> load(const fs::path& dir, const fs::path& cache_dir, bool use_cache = true) {
    kb::LoadOptions o;
    o.dir = dir;
    o.use_cache = use_cache;
    o.cache_dir = cache_dir;
    return kb::load_knowledgebase(o);
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> files_in(const fs::path& dir) {
    std::vector<fs::path> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
    return out;
}

fs::path cache_file(const fs::path& cache_dir, const kb::Knowledgebase& k) {
    return cache_dir / kb::cache_file_name(kb::cache_key(k.sha256));
}

bool same_pos(const kb::SourcePos& a, const kb::SourcePos& b) {
    return a.file == b.file && a.line == b.line && a.col == b.col;
}

bool same_alleles(const std::array<std::vector<kb::GenomicAllele>, kBuildCount>& a,
                  const std::array<std::vector<kb::GenomicAllele>, kBuildCount>& b) {
    for (int i = 0; i < kBuildCount; ++i) {
        if (a[i].size() != b[i].size()) return false;
        for (std::size_t j = 0; j < a[i].size(); ++j) {
            const auto& x = a[i][j];
            const auto& y = b[i][j];
            if (x.chrom != y.chrom || x.pos0 != y.pos0 || x.ref != y.ref || x.alt != y.alt) return false;
        }
    }
    return true;
}

bool same_rule(const kb::Rule& a, const kb::Rule& b) {
    if (a.kind != b.kind || a.gene != b.gene || a.protein != b.protein || a.codon != b.codon ||
        a.codon_aa != b.codon_aa || a.exon != b.exon || a.cls != b.cls || a.five_prime != b.five_prime ||
        a.three_prime != b.three_prime || a.copy_number != b.copy_number || a.signature != b.signature ||
        a.tmb_min != b.tmb_min || a.hla != b.hla || a.expression != b.expression || a.expression_method != b.expression_method ||
        a.ref_id != b.ref_id || !same_pos(a.where, b.where) ||
        !same_alleles(a.alleles, b.alleles) || a.children.size() != b.children.size())
        return false;
    for (std::size_t i = 0; i < a.children.size(); ++i)
        if (!same_rule(a.children[i], b.children[i])) return false;
    return true;
}

// Field-by-field comparison of everything the cache stores (written independently of the
// cache code, so that a field the cache forgot shows up here).
void check_equal(const kb::Knowledgebase& a, const kb::Knowledgebase& b) {
    CHECK(a.name == b.name);
    CHECK(a.version == b.version);
    CHECK(a.builds == b.builds);
    CHECK(a.sha256 == b.sha256);
    REQUIRE(a.sources.size() == b.sources.size());
    for (std::size_t i = 0; i < a.sources.size(); ++i) {
        CHECK(a.sources[i].name == b.sources[i].name);
        CHECK(a.sources[i].version_or_date == b.sources[i].version_or_date);
        CHECK(a.sources[i].licence == b.sources[i].licence);
        CHECK(a.sources[i].url == b.sources[i].url);
    }

    REQUIRE(a.genes.size() == b.genes.size());
    for (std::size_t i = 0; i < a.genes.size(); ++i) {
        const auto& x = a.genes[i];
        const auto& y = b.genes[i];
        INFO("gene " << x.symbol);
        CHECK(x.symbol == y.symbol);
        CHECK(x.role == y.role);
        CHECK(x.ensembl == y.ensembl);
        CHECK(x.refseq == y.refseq);
        CHECK(same_pos(x.where, y.where));
        for (int bi = 0; bi < kBuildCount; ++bi) {
            REQUIRE(x.location[bi].has_value() == y.location[bi].has_value());
            if (x.location[bi]) {
                CHECK(x.location[bi]->chrom == y.location[bi]->chrom);
                CHECK(x.location[bi]->beg0 == y.location[bi]->beg0);
                CHECK(x.location[bi]->end0 == y.location[bi]->end0);
            }
            REQUIRE(x.exons[bi].has_value() == y.exons[bi].has_value());
            if (x.exons[bi]) {
                CHECK(x.exons[bi]->transcript == y.exons[bi]->transcript);
                CHECK(x.exons[bi]->chrom == y.exons[bi]->chrom);
                CHECK(x.exons[bi]->strand == y.exons[bi]->strand);
                REQUIRE(x.exons[bi]->exons.size() == y.exons[bi]->exons.size());
                for (std::size_t e = 0; e < x.exons[bi]->exons.size(); ++e) {
                    CHECK(x.exons[bi]->exons[e].number == y.exons[bi]->exons[e].number);
                    CHECK(x.exons[bi]->exons[e].beg0 == y.exons[bi]->exons[e].beg0);
                    CHECK(x.exons[bi]->exons[e].end0 == y.exons[bi]->exons[e].end0);
                }
            }
        }
    }

    REQUIRE(a.biomarkers.size() == b.biomarkers.size());
    for (std::size_t i = 0; i < a.biomarkers.size(); ++i) {
        const auto& x = a.biomarkers[i];
        const auto& y = b.biomarkers[i];
        INFO("biomarker " << x.id);
        CHECK(x.id == y.id);
        CHECK(x.label == y.label);
        CHECK(x.gene == y.gene);
        CHECK(same_rule(x.rule, y.rule));
        CHECK(same_alleles(x.alleles, y.alleles));
        CHECK(x.origin == y.origin);
        CHECK(x.source == y.source);
        CHECK(x.retired == y.retired);
        CHECK(same_pos(x.where, y.where));
    }

    REQUIRE(a.evidence.size() == b.evidence.size());
    for (std::size_t i = 0; i < a.evidence.size(); ++i) {
        const auto& x = a.evidence[i];
        const auto& y = b.evidence[i];
        INFO("evidence " << x.id);
        CHECK(x.id == y.id);
        CHECK(x.biomarker == y.biomarker);
        CHECK(x.tumor_types == y.tumor_types);
        CHECK(x.exclude_tumor_types == y.exclude_tumor_types);
        CHECK(x.drugs == y.drugs);
        CHECK(x.combination == y.combination);
        CHECK(x.direction == y.direction);
        CHECK(x.level == y.level);
        CHECK(x.source_level == y.source_level);
        CHECK(x.requirements == y.requirements);
        REQUIRE(x.approvals.size() == y.approvals.size());
        for (std::size_t j = 0; j < x.approvals.size(); ++j) {
            CHECK(x.approvals[j].agency == y.approvals[j].agency);
            CHECK(x.approvals[j].year == y.approvals[j].year);
            CHECK(x.approvals[j].indication == y.approvals[j].indication);
        }
        REQUIRE(x.citations.size() == y.citations.size());
        for (std::size_t j = 0; j < x.citations.size(); ++j) {
            CHECK(x.citations[j].kind == y.citations[j].kind);
            CHECK(x.citations[j].value == y.citations[j].value);
        }
        CHECK(x.source == y.source);
        CHECK(x.source_id == y.source_id);
        CHECK(x.summary == y.summary);
        CHECK(x.last_reviewed == y.last_reviewed);
        CHECK(x.review == y.review);
        CHECK(x.retired == y.retired);
        CHECK(x.local == y.local);
        CHECK(same_pos(x.where, y.where));
    }

    REQUIRE(a.trials.size() == b.trials.size());
    for (std::size_t i = 0; i < a.trials.size(); ++i) {
        const auto& x = a.trials[i];
        const auto& y = b.trials[i];
        INFO("trial " << x.nct_id);
        CHECK(x.nct_id == y.nct_id);
        CHECK(x.title == y.title);
        CHECK(x.phase == y.phase);
        CHECK(x.status == y.status);
        CHECK(x.status_as_of == y.status_as_of);
        CHECK(x.interventions == y.interventions);
        REQUIRE(x.criteria.has_value() == y.criteria.has_value());
        if (x.criteria) CHECK(same_rule(*x.criteria, *y.criteria));
        CHECK(x.tumor_types == y.tumor_types);
        CHECK(x.exclude_tumor_types == y.exclude_tumor_types);
        CHECK(x.age_min == y.age_min);
        CHECK(x.age_max == y.age_max);
        CHECK(x.sex == y.sex);
        REQUIRE(x.sites.size() == y.sites.size());
        for (std::size_t j = 0; j < x.sites.size(); ++j) {
            CHECK(x.sites[j].country == y.sites[j].country);
            CHECK(x.sites[j].city == y.sites[j].city);
            CHECK(x.sites[j].facility == y.sites[j].facility);
        }
        CHECK(x.summary == y.summary);
        CHECK(x.review == y.review);
        CHECK(x.retired == y.retired);
        CHECK(same_pos(x.where, y.where));
    }

    REQUIRE(a.drugs.size() == b.drugs.size());
    for (std::size_t i = 0; i < a.drugs.size(); ++i) {
        const auto& x = a.drugs[i];
        const auto& y = b.drugs[i];
        CHECK(x.name == y.name);
        CHECK(x.synonyms == y.synonyms);
        CHECK(x.classes == y.classes);
        CHECK(x.targets == y.targets);
        CHECK(x.names == y.names);
        CHECK(x.source == y.source);
        CHECK(same_pos(x.where, y.where));
    }

    REQUIRE(a.oncotree.size() == b.oncotree.size());
    for (std::size_t i = 0; i < a.oncotree.all().size(); ++i) {
        const auto& x = a.oncotree.all()[i];
        const auto& y = b.oncotree.all()[i];
        CHECK(x.code == y.code);
        CHECK(x.parent == y.parent);
        CHECK(x.name == y.name);
        CHECK(x.main_type == y.main_type);
        CHECK(x.tissue == y.tissue);
        CHECK(x.name_zh == y.name_zh);
    }
    CHECK(a.doid_to_oncotree == b.doid_to_oncotree);

    // The lookups were rebuilt by freeze().
    CHECK(a.gene_by_symbol == b.gene_by_symbol);
    CHECK(a.biomarker_by_id == b.biomarker_by_id);
    CHECK(a.drug_by_name == b.drug_by_name);
    CHECK(a.evidence_by_biomarker == b.evidence_by_biomarker);
}

}  // namespace

TEST_CASE("a second load of the bundled knowledgebase comes from the compiled cache") {
    TempDir cache;
    const auto parsed = load(kBundled, cache.path(), false);
    CHECK(files_in(cache.path()).empty());  // use_cache = false writes nothing

    const auto first = load(kBundled, cache.path());  // miss: parses, then writes the cache
    const auto file = cache_file(cache.path(), *first);
    REQUIRE(fs::exists(file));
    CHECK(files_in(cache.path()).size() == 1);
    CHECK(file.filename().string().size() == std::string("kb-.bin").size() + 32);

    // The cache file is used: load_cache reads it, and a second load does not rewrite it.
    const auto key = kb::cache_key(first->sha256);
    REQUIRE(kb::load_cache(file, key) != nullptr);
    const auto mtime = fs::last_write_time(file);
    const auto cached = load(kBundled, cache.path());
    CHECK(fs::last_write_time(file) == mtime);
    CHECK(cached->dir == kBundled);
    CHECK(cached->sha256 == parsed->sha256);
    check_equal(*parsed, *cached);
    {  // and both serialise to the same bytes
        TempDir out;
        kb::save_cache(*parsed, out / "a.bin");
        kb::save_cache(*cached, out / "b.bin");
        CHECK(slurp(out / "a.bin") == slurp(out / "b.bin"));
    }

    SUBCASE("deep fields survive the round trip") {
        // A nested not/any rule of biomarker references.
        const auto* ras_wt = cached->biomarker("BM-RAS-WT");
        REQUIRE(ras_wt);
        REQUIRE(ras_wt->rule.kind == kb::RuleKind::negation);
        REQUIRE(ras_wt->rule.children.size() == 1);
        const auto& any = ras_wt->rule.children[0];
        CHECK(any.kind == kb::RuleKind::any);
        REQUIRE(any.children.size() == 2);
        CHECK(any.children[0].kind == kb::RuleKind::ref);
        CHECK(any.children[0].ref_id == "BM-KRAS-ANY");
        CHECK(any.children[1].ref_id == "BM-NRAS-ANY");
        CHECK(ras_wt->rule.where.file == "curated/kras_nras.yaml");
        CHECK(ras_wt->rule.where.line > 0);

        // A trial criterion all: [copy number, not: gene class, not: gene class].
        const kb::Trial* mountaineer = nullptr;
        for (const auto& t : cached->trials)
            if (t.nct_id == "NCT03043313") mountaineer = &t;
        REQUIRE(mountaineer);
        REQUIRE(mountaineer->criteria);
        const auto& all = *mountaineer->criteria;
        CHECK(all.kind == kb::RuleKind::all);
        REQUIRE(all.children.size() == 3);
        CHECK(all.children[0].kind == kb::RuleKind::copy_number);
        CHECK(all.children[0].gene == "ERBB2");
        CHECK(all.children[0].copy_number == "amplification");
        CHECK(all.children[1].kind == kb::RuleKind::negation);
        REQUIRE(all.children[1].children.size() == 1);
        CHECK(all.children[1].children[0].kind == kb::RuleKind::gene_class);
        CHECK(all.children[1].children[0].gene == "KRAS");
        CHECK(all.children[1].children[0].cls == kb::VariantClass::protein_altering);
        CHECK(mountaineer->age_min == 18);
        CHECK_FALSE(mountaineer->age_max);

        // The CIViC layer: imported biomarkers and drug stubs keep their source.
        const auto* civic_bm = cached->biomarker("BM-CIVIC-BCR-ABL1-FUSION-AND-ABL1-T315I");
        REQUIRE(civic_bm);
        CHECK(civic_bm->source == "civic");
        CHECK(cached->biomarker("BM-EGFR-L858R")->source == "curated");
        std::size_t civic_drugs = 0;
        for (const auto& d : cached->drugs) civic_drugs += d.source == "civic" ? 1 : 0;
        CHECK(civic_drugs > 0);

        // Known encodings per build (0-based positions).
        const auto* l858r = cached->biomarker("BM-EGFR-L858R");
        REQUIRE(l858r);
        CHECK(l858r->rule.protein == "L858R");
        const auto& a37 = l858r->alleles[static_cast<int>(Build::GRCh37)];
        const auto& a38 = l858r->alleles[static_cast<int>(Build::GRCh38)];
        REQUIRE(a37.size() == 1);
        REQUIRE(a38.size() == 1);
        CHECK(a37[0].chrom == "7");
        CHECK(a37[0].pos0 == 55259514);
        CHECK(a38[0].pos0 == 55191821);
        CHECK(a38[0].ref == "T");
        CHECK(a38[0].alt == "G");

        // Exon tables.
        const auto* egfr = cached->gene("EGFR");
        REQUIRE(egfr);
        const auto& ex38 = egfr->exons[static_cast<int>(Build::GRCh38)];
        REQUIRE(ex38);
        CHECK(ex38->transcript == "ENST00000275493.7");
        CHECK(ex38->strand == '+');
        REQUIRE(ex38->exons.size() > 20);
        CHECK(ex38->exons[0].number == 1);
        CHECK(ex38->exons[0].beg0 == 55019016);
        CHECK(ex38->exons[0].end0 == 55019365);
        REQUIRE(egfr->location[static_cast<int>(Build::GRCh38)]);

        // OncoTree hierarchy, lookups and Chinese names.
        CHECK(cached->oncotree.lineage("LUAD") == std::vector<std::string>{"LUNG", "NSCLC", "LUAD"});
        CHECK(cached->oncotree.covers("NSCLC", "LUAD"));
        CHECK(cached->oncotree.canonical_code("luad") == std::optional<std::string>("LUAD"));
        REQUIRE(cached->oncotree.find("LUAD"));
        CHECK(cached->oncotree.find("LUAD")->name_zh == "肺腺癌");
        const auto* abema = cached->drug("Verzenio");
        REQUIRE(abema);
        CHECK(abema->name == "abemaciclib");
        CHECK(abema->names.at("zh") == "阿贝西利");
        CHECK_FALSE(cached->doid_to_oncotree.empty());
    }

    SUBCASE("an equal copy elsewhere shares the cache but reports its own folder") {
        TempDir copy;
        fs::copy(kBundled, copy.path(), fs::copy_options::recursive);
        const auto other = load(copy.path(), cache.path());
        CHECK(files_in(cache.path()).size() == 1);
        CHECK(other->dir == copy.path());
        CHECK(other->sha256 == cached->sha256);
    }
}

TEST_CASE("editing the knowledgebase changes the cache key and reloads") {
    TempDir cache, copy;
    fs::copy(kBundled, copy.path(), fs::copy_options::recursive);
    const auto before = load(copy.path(), cache.path());
    REQUIRE(before->version == "2026.11.0");
    const auto old_file = cache_file(cache.path(), *before);
    REQUIRE(fs::exists(old_file));

    auto manifest = slurp(copy / "kb.yaml");
    const auto at = manifest.find("version: 2026.11.0");
    REQUIRE(at != std::string::npos);
    manifest.replace(at, std::string("version: 2026.11.0").size(), "version: 2026.11.1-edited");
    write_file(copy / "kb.yaml", manifest);

    const auto after = load(copy.path(), cache.path());
    CHECK(after->version == "2026.11.1-edited");
    CHECK(after->sha256 != before->sha256);
    const auto new_file = cache_file(cache.path(), *after);
    CHECK(new_file != old_file);
    CHECK(fs::exists(new_file));
    CHECK(files_in(cache.path()).size() == 2);
    // The old cache does not answer for the new key.
    CHECK(kb::load_cache(old_file, kb::cache_key(after->sha256)) == nullptr);
}

TEST_CASE("damaged or foreign cache files are ignored and rebuilt") {
    TempDir cache;
    const auto good = load(kBundled, cache.path());
    const auto file = cache_file(cache.path(), *good);
    const auto key = kb::cache_key(good->sha256);
    const auto bytes = slurp(file);
    REQUIRE(bytes.size() > 1000);
    REQUIRE(bytes.compare(0, 9, "OMKBCACHE") == 0);

    std::vector<std::pair<std::string, std::string>> damaged = {
        {"empty", ""},
        {"wrong magic", "XMKBCACHE" + bytes.substr(9)},
        {"truncated", bytes.substr(0, bytes.size() / 2)},
        {"one byte short", bytes.substr(0, bytes.size() - 1)},
        {"trailing garbage", bytes + "x"},
        {"garbage", std::string(4096, '\x7f')},
    };
    std::string flipped = bytes;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x5a);
    damaged.emplace_back("flipped byte", flipped);
    std::string version = bytes;
    version[9] = static_cast<char>(version[9] + 1);  // the format version follows the magic
    damaged.emplace_back("other format version", version);

    for (const auto& [what, content] : damaged) {
        INFO(what);
        write_file(file, content);
        CHECK(kb::load_cache(file, key) == nullptr);
        const auto reloaded = load(kBundled, cache.path());  // no throw: rebuilt
        CHECK(reloaded->evidence.size() == good->evidence.size());
        CHECK(slurp(file) == bytes);  // the rebuilt cache is byte-identical
    }
    CHECK(kb::load_cache(file, key) != nullptr);
    CHECK(kb::load_cache(file, std::string(64, '0')) == nullptr);  // another key
    CHECK(kb::load_cache(cache / "missing.bin", key) == nullptr);
}

TEST_CASE("failed loads are not cached, and unusable cache folders are skipped") {
    SUBCASE("a knowledgebase with errors") {
        TempDir cache, copy;
        fs::copy(kBundled, copy.path(), fs::copy_options::recursive);
        write_file(copy / "curated/zz_broken.yaml", "evidence:\n  - id: BROKEN-1\n    biomarker: BM-NOPE\n");
        CHECK_THROWS_AS(load(copy.path(), cache.path()), kb::KbLoadError);
        CHECK(files_in(cache.path()).empty());
    }
    SUBCASE("a cache folder inside the knowledgebase is never used") {
        TempDir copy;
        fs::copy(kBundled, copy.path(), fs::copy_options::recursive);
        const auto inside = copy / ".cache";
        const auto k = load(copy.path(), inside);
        CHECK_FALSE(fs::exists(inside));
        CHECK(k->evidence.size() > 100);
    }
    SUBCASE("a cache folder that cannot be created") {
        TempDir tmp;
        write_file(tmp / "file", "not a folder");
        const auto k = load(kBundled, tmp / "file" / "cache");
        CHECK(k->evidence.size() > 100);
    }
}

TEST_CASE("the cache folder keeps the newest knowledgebase versions only") {
    TempDir cache;
    // 20 older cache files (one per former knowledgebase version), written a minute apart, and
    // a file of someone else's that is not a cache.
    const auto now = fs::file_time_type::clock::now();
    for (int i = 0; i < 20; ++i) {
        const auto f = cache / ("kb-" + std::string(31, 'a') + static_cast<char>('a' + i) + ".bin");
        write_file(f, "old");
        fs::last_write_time(f, now - std::chrono::minutes(100 - i));  // i = 19 is the newest
    }
    write_file(cache / "notes.txt", "mine");
    const auto kb = load(kBundled, cache.path());  // a miss: written, then the folder pruned
    const auto file = cache_file(cache.path(), *kb);
    REQUIRE(fs::exists(file));
    std::size_t bins = 0;
    for (const auto& e : fs::directory_iterator(cache.path()))
        if (e.path().extension() == ".bin") ++bins;
    CHECK(bins == kb::kCacheFilesKept);
    CHECK(fs::exists(cache / "notes.txt"));                                                   // not a cache file: left alone
    CHECK(fs::exists(cache / ("kb-" + std::string(31, 'a') + static_cast<char>('a' + 19) + ".bin")));  // the newest old ones stay
    CHECK(fs::exists(cache / ("kb-" + std::string(31, 'a') + static_cast<char>('a' + 5) + ".bin")));
    CHECK_FALSE(fs::exists(cache / ("kb-" + std::string(31, 'a') + static_cast<char>('a' + 4) + ".bin")));  // the oldest go
    CHECK_FALSE(fs::exists(cache / ("kb-" + std::string(31, 'a') + "a.bin")));
    CHECK(kb::prune_cache_dir(cache.path(), file, kb::kCacheFilesKept) == 0);  // already within bounds
    CHECK(load(kBundled, cache.path())->sha256 == kb->sha256);                  // and still a hit
}
