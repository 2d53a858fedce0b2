// doctest runner for the unit tests. htslib's own warnings are silenced as in the tool: every
// problem the tests provoke is reported (and asserted) through oncomatch's errors.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <htslib/hts.h>

int main(int argc, char** argv) {
    hts_set_log_level(HTS_LOG_OFF);
    doctest::Context ctx(argc, argv);
    return ctx.run();
}
