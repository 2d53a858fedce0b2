// SHA-256 helpers over OpenSSL's EVP interface.
#include "oncomatch/util/sha256.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <vector>

#include "oncomatch/error.hpp"

namespace oncomatch {
namespace {

struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

std::string to_hex(const unsigned char* d, unsigned n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (unsigned i = 0; i < n; ++i) {
        out.push_back(digits[d[i] >> 4]);
        out.push_back(digits[d[i] & 15]);
    }
    return out;
}

MdCtx new_ctx() {
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
        throw Error(ExitCode::internal, "sha256", "cannot initialise OpenSSL digest");
    return ctx;
}

std::string finish(EVP_MD_CTX* ctx) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    if (EVP_DigestFinal_ex(ctx, md, &n) != 1) throw Error(ExitCode::internal, "sha256", "digest failed");
    return to_hex(md, n);
}

}  // namespace

std::string sha256_hex(std::string_view data) {
    auto ctx = new_ctx();
    if (EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1)
        throw Error(ExitCode::internal, "sha256", "digest failed");
    return finish(ctx.get());
}

std::string sha256_file_hex(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string(), "cannot read file");
    auto ctx = new_ctx();
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        auto got = in.gcount();
        if (got > 0 && EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(got)) != 1)
            throw Error(ExitCode::internal, "sha256", "digest failed");
    }
    return finish(ctx.get());
}

}  // namespace oncomatch
