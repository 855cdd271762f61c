/* The payload built by tools/keel_image.py, linked into the loader image. */
    .section .rodata.payload, "a"
    .balign 8
    .global payload_start
payload_start:
    .incbin PAYLOAD_FILE
    .global payload_end
payload_end:
