#pragma once
// SHA-256 through OpenSSL's libcrypto (hex output).
#include <filesystem>
#include <string>
#include <string_view>

namespace oncomatch {

std::string sha256_hex(std::string_view data);
std::string sha256_file_hex(const std::filesystem::path& path);

}  // namespace oncomatch
