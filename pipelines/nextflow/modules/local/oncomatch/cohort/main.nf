// The cohort summary from the per-sample JSON reports: `oncomatch batch --summary-only` on the
// same sample sheet (it runs no sample; a sample without a report is listed as failed).
process ONCOMATCH_COHORT {
    tag "${sheet.baseName}"
    label 'process_single'

    container "${params.container}"

    input:
    path sheet
    path reports, stageAs: 'reports/*'
    path kb

    output:
    path "cohort/cohort.oncomatch.tsv", emit: tsv
    path "cohort/cohort.html"         , emit: html
    path "cohort/oncomatch_mqc.json"  , emit: mqc
    path "versions.yml"               , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    """
    mkdir -p cohort
    cp -L reports/*.oncomatch.json cohort/
    oncomatch batch ${sheet} --out-dir cohort --summary-only --kb ${kb} --quiet ${args}
    rm cohort/*.oncomatch.json

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        oncomatch: \$(oncomatch --version | sed -n '1s/^oncomatch //p')
    END_VERSIONS
    """
}
