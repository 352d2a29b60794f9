{
  "targets": [
    {
      "target_name": "pdp_keccak",
      "sources": ["src/pdp_keccak.c"],
      "cflags": ["-O3", "-std=c11"],
      "cflags!": ["-O2"],
      "xcode_settings": { "GCC_OPTIMIZATION_LEVEL": "3" },
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
