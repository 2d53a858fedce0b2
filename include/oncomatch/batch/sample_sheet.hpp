#pragma once
// The sample sheet of `oncomatch batch`: TSV or CSV with a header row naming the columns
//   sample, input, tumor_type                          (required)
//   genome, vcf_sample, sex, age, country, notes, clinical   (optional)
// One row per sample. The whole sheet is checked before any sample runs: unknown or repeated
// columns, missing required values, unsafe or duplicate sample ids, bad genome names and bad
// clinical values are errors naming SHEET:LINE:COL. Tumour type codes are checked per sample at
// run time (an unknown code fails that sample alone).
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "oncomatch/genome/build.hpp"

namespace oncomatch::batch {

struct SheetRow {
    int line = 0;                   // 1-based line in the sheet
    std::string sample;             // report id (safe file name)
    std::string input;              // as written
    std::filesystem::path input_path;  // resolved: relative paths against the sheet's folder
    std::string tumor_type;         // as written (checked against OncoTree at run time)
    std::optional<Build> genome;
    std::string vcf_sample;         // tumour column of the VCF (empty: annotate's default choice)
    std::string notes;
    std::vector<std::pair<std::string, std::string>> clinical;  // from sex/age/country and clinical, in that order
};

struct SampleSheet {
    std::filesystem::path path;
    char delimiter = '\t';
    std::vector<SheetRow> rows;
};

// Sample ids refused because batch's own files use them (cohort.oncomatch.tsv, ...).
bool is_reserved_sample_id(const std::string& id);

// Reads and checks a sheet; throws InputError("SHEET:LINE:COL", what, hint).
SampleSheet read_sample_sheet(const std::filesystem::path& path);

// The column names, in documentation order.
const std::vector<std::string>& sheet_columns();

}  // namespace oncomatch::batch
