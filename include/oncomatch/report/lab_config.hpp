#pragma once
// The testing laboratory's details for the report header and sign-off block, read from a small
// YAML file (--lab-config). Errors name FILE:LINE:COL (yaml-cpp marks) with a hint; unknown keys
// are errors so that a misspelt key never silently drops a signatory or the disclaimer.
//
//   name: Regional Molecular Pathology Laboratory
//   address: ["12 Example Road", "Hangzhou 310000, China"]   # or one string
//   logo: logo.png                  # PNG, relative to this file
//   accreditation: "CAP #1234567 · ISO 15189"
//   signatories: [{name: Dr A. Example, role: Molecular pathologist}]
//   disclaimer: "..."               # replaces the default disclaimer
//   name_zh / address_zh / disclaimer_zh: used instead in Chinese reports (--lang zh)
#include <string>
#include <vector>

namespace oncomatch::render {

struct Signatory {
    std::string name, role;
};

struct LabConfig {
    std::string name;
    std::vector<std::string> address;
    std::string logo_path;  // absolute or relative to the working folder (resolved against the YAML's folder)
    std::string accreditation;
    std::vector<Signatory> signatories;
    std::string disclaimer;  // empty: the built-in default in the report language
    // Chinese forms for --lang zh (empty: the fields above are used).
    std::string name_zh, disclaimer_zh;
    std::vector<std::string> address_zh;
};

// Throws InputError "FILE:LINE:COL: what" (exit 1).
LabConfig load_lab_config(const std::string& path);

}  // namespace oncomatch::render
