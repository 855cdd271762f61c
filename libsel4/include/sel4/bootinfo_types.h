/*
 * What the kernel hands the root task: the initial cap slots, and the
 * seL4_BootInfo frame describing the rest of its CSpace (seL4 layout).
 */
#pragma once

#include <sel4/config.h>
#include <sel4/simple_types.h>
#include <sel4/macros.h>
#include <sel4/shared_types.h>

/* Slots of the root task's CNode filled at boot. */
enum seL4_RootCNodeCapSlots {
    seL4_CapNull = 0,
    seL4_CapInitThreadTCB = 1,
    seL4_CapInitThreadCNode = 2,
    seL4_CapInitThreadVSpace = 3,
    seL4_CapIRQControl = 4,
    seL4_CapASIDControl = 5,
    seL4_CapInitThreadASIDPool = 6,
    seL4_CapIOPortControl = 7, /* x86 only: stays empty */
    seL4_CapIOSpace = 8,       /* IOMMU only: stays empty */
    seL4_CapBootInfoFrame = 9,
    seL4_CapInitThreadIPCBuffer = 10,
    seL4_CapDomain = 11,
    seL4_CapSMMUSIDControl = 12, /* SMMU only: stays empty */
    seL4_CapSMMUCBControl = 13,  /* SMMU only: stays empty */
    seL4_CapInitThreadSC = 14,   /* MCS only: stays empty */
    seL4_CapSMC = 15,            /* aarch64 SMC only: stays empty */
    seL4_NumInitialCaps = 16,
};

typedef seL4_Word seL4_SlotPos;

/* The slots [start, end) of the root CNode. */
typedef struct seL4_SlotRegion {
    seL4_SlotPos start;
    seL4_SlotPos end;
} seL4_SlotRegion;

typedef struct seL4_UntypedDesc {
    seL4_Word paddr;
    seL4_Uint8 sizeBits;
    seL4_Uint8 isDevice;
    seL4_Uint8 padding[sizeof(seL4_Word) - 2 * sizeof(seL4_Uint8)];
} seL4_UntypedDesc;

typedef struct seL4_BootInfo {
    seL4_Word extraLen; /* bytes of extra records after this frame */
    seL4_Word nodeID;
    seL4_Word numNodes;
    seL4_Word numIOPTLevels;
    seL4_IPCBuffer *ipcBuffer; /* the root task's IPC buffer */
    seL4_SlotRegion empty;
    seL4_SlotRegion sharedFrames;
    seL4_SlotRegion userImageFrames;
    seL4_SlotRegion userImagePaging;
    seL4_SlotRegion ioSpaceCaps;
    seL4_SlotRegion extraBIPages;
    seL4_Word initThreadCNodeSizeBits;
    seL4_Word initThreadDomain;
    seL4_SlotRegion untyped;
    seL4_UntypedDesc untypedList[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
} seL4_BootInfo;

/* Extra boot-info records follow the boot-info frame, each with this header. */
typedef struct seL4_BootInfoHeader {
    seL4_Word id;  /* seL4_BootInfoID */
    seL4_Word len; /* bytes, header included */
} seL4_BootInfoHeader;

typedef enum {
    SEL4_BOOTINFO_HEADER_PADDING = 0,
    SEL4_BOOTINFO_HEADER_X86_VBE = 1,
    SEL4_BOOTINFO_HEADER_X86_MBMMAP = 2,
    SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP = 3,
    SEL4_BOOTINFO_HEADER_X86_FRAMEBUFFER = 4,
    SEL4_BOOTINFO_HEADER_X86_TSC_FREQ = 5,
    SEL4_BOOTINFO_HEADER_FDT = 6,
    SEL4_BOOTINFO_HEADER_NUM,
    SEL4_FORCE_LONG_ENUM(seL4_BootInfoID)
} seL4_BootInfoID;
