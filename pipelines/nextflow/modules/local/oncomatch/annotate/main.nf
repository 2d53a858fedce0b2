// One sample: `oncomatch annotate` -> SAMPLE.oncomatch.{json,tsv} (nf-core module style).
process ONCOMATCH_ANNOTATE {
    tag "$meta.id"
    label 'process_low'

    container "${params.container}"

    input:
    tuple val(meta), path(vcf)
    path kb

    output:
    tuple val(meta), path("${meta.id}.oncomatch.json"), emit: json
    tuple val(meta), path("${meta.id}.oncomatch.tsv") , emit: tsv
    path "versions.yml"                               , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args       = task.ext.args ?: ''
    def genome     = meta.genome     ? "--genome ${meta.genome}"     : ''
    def vcf_sample = meta.vcf_sample ? "--sample '${meta.vcf_sample}'" : ''
    def clinical   = meta.clinical.collect { "--clinical '${it}'" }.join(' ')
    """
    oncomatch annotate ${vcf} \\
        --tumor-type ${meta.tumor_type} \\
        --sample-id ${meta.id} \\
        ${genome} ${vcf_sample} ${clinical} \\
        --kb ${kb} \\
        --out-dir . \\
        --formats json,tsv \\
        --threads ${task.cpus} \\
        ${args}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        oncomatch: \$(oncomatch --version | sed -n '1s/^oncomatch //p')
    END_VERSIONS
    """

    stub:
    """
    touch ${meta.id}.oncomatch.json ${meta.id}.oncomatch.tsv
    echo '"${task.process}": {oncomatch: stub}' > versions.yml
    """
}
