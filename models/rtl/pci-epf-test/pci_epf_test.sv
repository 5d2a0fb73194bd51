// pci_epf_test: Linux's PCI endpoint test function (drivers/pci/endpoint/functions/pci-epf-test.c) in RTL, behind
// the Cosim TLP-stream interface (docs/rtl-interface.md). The same device as the behavioral model
// models/src/Cosim.Models/PciEpfTest (PciEpfTestDevice): the host side is Linux's pci_endpoint_test driver and the
// pci_endpoint kselftest. The bridge owns configuration space and the MSI-X table (BAR0 80h) and PBA (BAR0 280h).
//
// BAR0 (4 KiB), the test registers:
//   00h MAGIC        RW   scratch the driver's BAR test writes and reads back
//   04h COMMAND      WO   exactly one of: bit 0 RAISE_INTX, 1 RAISE_MSI, 2 RAISE_MSIX (raise the interrupt IRQ_TYPE
//                         names), 3 READ (device reads SIZE bytes at SRC and checks CHECKSUM), 4 WRITE (device writes
//                         SIZE pseudo-random bytes to DST and puts their CRC in CHECKSUM), 5 COPY (SRC to DST),
//                         6 ENABLE_DOORBELL, 7 DISABLE_DOORBELL, 8 BAR_SUBRANGE_SETUP, 9 BAR_SUBRANGE_CLEAR (SIZE holds
//                         the BAR). Reads 0. Ignored while a transfer runs; otherwise STATUS is cleared first, and a
//                         value that is not one command, or an IRQ_TYPE above 2, is then ignored without an interrupt.
//   08h STATUS       RW   bits 0-18 (READ/WRITE/COPY SUCCESS/FAIL, IRQ_RAISED, SRC/DST_ADDR_INVALID, DOORBELL_*,
//                         BAR_SUBRANGE_*, NO_RESOURCE); IRQ_RAISED is set before every interrupt
//   0Ch/10h LOWER/UPPER_SRC_ADDR, 14h/18h LOWER/UPPER_DST_ADDR, 1Ch SIZE (bytes; the BAR for subrange commands),
//   20h CHECKSUM, 24h IRQ_TYPE (0 INTx, 1 MSI, 2 MSI-X), 28h IRQ_NUMBER (1-based vector), 2Ch FLAGS (bit 0 USE_DMA)
//   30h CAPS         RO   3Eh: MSI, MSI-X, INTx, SUBRANGE_MAPPING, DYNAMIC_INBOUND_MAPPING (the doorbell)
//   34h DB_BAR       RO   1 while the doorbell is armed, FFFFFFFFh otherwise; 38h DB_OFFSET (100h), 3Ch DB_DATA
//
// BAR1-BAR5 (16 KiB each): RAM, written and read back whole by the driver's BAR tests. While the doorbell is armed, a
// write that leaves DB_DATA (DB00_0001h) in BAR1 + 100h rings it: STATUS_DOORBELL_SUCCESS and the interrupt.
// BAR_SUBRANGE_SETUP fills the two halves of the BAR in SIZE with the bytes 50h + 8·bar and 51h + 8·bar.
//
// CHECKSUM is crc32_le(~0, data, size), as the driver computes it (no final inversion). Transfers are split at
// Max_Read_Request_Size, Max_Payload_Size and 4 KiB boundaries, with one read outstanding (its Tag changes per
// request, so a late completion is never taken for a newer one); a COPY moves at most 512 bytes per chunk through a
// buffer. SIZE 0 or above 32 MiB fails. Addresses must be DW aligned (CAPS does not offer UNALIGNED_ACCESS, so the
// driver aligns its buffers); others set SRC/DST_ADDR_INVALID. A DMA read answered with an error status (or ended
// by the bridge's Completion Timeout) sets the FAIL bit and SRC_ADDR_INVALID; poisoned data sets the FAIL bit.
// INTx is held from the command's end until the host reads STATUS or writes the next command (the driver's handler
// reads STATUS first and never acknowledges). MSI/MSI-X vectors outside 1-32 are not sent.
//
// Host requests are completed from BAR0 and the RAM by a completer that splits reads at Max_Payload_Size and the
// 64-byte Read Completion Boundary; writes of any length and byte enables land as they stream in. 64-bit data path.
module pci_epf_test #(
    parameter int DATA_WIDTH = 64
) (
    input  wire                     clk,
    input  wire                     rst,
    input  wire                     h2d_req_valid,
    output wire                     h2d_req_ready,
    input  wire [DATA_WIDTH-1:0]    h2d_req_data,
    input  wire [DATA_WIDTH/32-1:0] h2d_req_keep,
    input  wire                     h2d_req_sop,
    input  wire                     h2d_req_eop,
    input  wire [2:0]               h2d_req_bar,
    input  wire                     h2d_cpl_valid,
    output wire                     h2d_cpl_ready,
    input  wire [DATA_WIDTH-1:0]    h2d_cpl_data,
    input  wire [DATA_WIDTH/32-1:0] h2d_cpl_keep,
    input  wire                     h2d_cpl_sop,
    input  wire                     h2d_cpl_eop,
    output reg                      d2h_cpl_valid,
    input  wire                     d2h_cpl_ready,
    output reg  [DATA_WIDTH-1:0]    d2h_cpl_data,
    output reg  [DATA_WIDTH/32-1:0] d2h_cpl_keep,
    output reg                      d2h_cpl_sop,
    output reg                      d2h_cpl_eop,
    output wire                     d2h_req_valid,
    input  wire                     d2h_req_ready,
    output wire [DATA_WIDTH-1:0]    d2h_req_data,
    output wire [DATA_WIDTH/32-1:0] d2h_req_keep,
    output wire                     d2h_req_sop,
    output wire                     d2h_req_eop,
    input  wire [15:0]              completer_id,
    input  wire                     cfg_bus_master_enable,
    input  wire [2:0]               cfg_max_payload_size,
    input  wire [2:0]               cfg_max_read_request_size,
    output reg                      irq_req_valid,
    input  wire                     irq_req_ready,
    output reg  [10:0]              irq_req_vector,
    output wire                     irq_intx,
    output wire                     busy
);
    // ---- register map (DW index in BAR0) -------------------------------------------------------------------------------
    localparam logic [9:0] REG_MAGIC = 10'h000;
    localparam logic [9:0] REG_COMMAND = 10'h001;
    localparam logic [9:0] REG_STATUS = 10'h002;
    localparam logic [9:0] REG_SRC_LOW = 10'h003;
    localparam logic [9:0] REG_SRC_HIGH = 10'h004;
    localparam logic [9:0] REG_DST_LOW = 10'h005;
    localparam logic [9:0] REG_DST_HIGH = 10'h006;
    localparam logic [9:0] REG_SIZE = 10'h007;
    localparam logic [9:0] REG_CHECKSUM = 10'h008;
    localparam logic [9:0] REG_IRQ_TYPE = 10'h009;
    localparam logic [9:0] REG_IRQ_NUMBER = 10'h00A;
    localparam logic [9:0] REG_FLAGS = 10'h00B;
    localparam logic [9:0] REG_CAPS = 10'h00C;
    localparam logic [9:0] REG_DB_BAR = 10'h00D;
    localparam logic [9:0] REG_DB_OFFSET = 10'h00E;
    localparam logic [9:0] REG_DB_DATA = 10'h00F;

    localparam int COMMAND_RAISE_INTX = 0;
    localparam int COMMAND_RAISE_MSI = 1;
    localparam int COMMAND_RAISE_MSIX = 2;
    localparam int COMMAND_READ = 3;
    localparam int COMMAND_WRITE = 4;
    localparam int COMMAND_COPY = 5;
    localparam int COMMAND_ENABLE_DOORBELL = 6;
    localparam int COMMAND_DISABLE_DOORBELL = 7;
    localparam int COMMAND_BAR_SUBRANGE_SETUP = 8;
    localparam int COMMAND_BAR_SUBRANGE_CLEAR = 9;

    localparam int STATUS_READ_SUCCESS = 0;
    localparam int STATUS_READ_FAIL = 1;
    localparam int STATUS_WRITE_SUCCESS = 2;
    localparam int STATUS_WRITE_FAIL = 3;
    localparam int STATUS_COPY_SUCCESS = 4;
    localparam int STATUS_COPY_FAIL = 5;
    localparam int STATUS_IRQ_RAISED = 6;
    localparam int STATUS_SRC_ADDR_INVALID = 7;
    localparam int STATUS_DST_ADDR_INVALID = 8;
    localparam int STATUS_DOORBELL_SUCCESS = 9;
    localparam int STATUS_DOORBELL_ENABLE_SUCCESS = 10;
    localparam int STATUS_DOORBELL_DISABLE_SUCCESS = 12;
    localparam int STATUS_BAR_SUBRANGE_SETUP_SUCCESS = 14;
    localparam int STATUS_BAR_SUBRANGE_SETUP_FAIL = 15;
    localparam int STATUS_BAR_SUBRANGE_CLEAR_SUCCESS = 16;
    localparam int STATUS_BAR_SUBRANGE_CLEAR_FAIL = 17;
    localparam logic [31:0] STATUS_WRITABLE = 32'h0007_FFFF;

    localparam logic [31:0] IRQ_TYPE_INTX = 32'd0;
    localparam logic [31:0] IRQ_TYPE_MSIX = 32'd2;
    localparam logic [31:0] MAX_IRQ_NUMBER = 32'd32;

    localparam logic [31:0] CAPS = 32'h0000_003E;        // CAP_MSI | CAP_MSIX | CAP_INTX | SUBRANGE | DYNAMIC_INBOUND
    localparam logic [31:0] NO_BAR = 32'hFFFF_FFFF;
    localparam logic [31:0] DOORBELL_BAR = 32'd1;
    localparam logic [31:0] DOORBELL_OFFSET = 32'h0000_0100;
    localparam logic [31:0] DOORBELL_VALUE = 32'hDB00_0001;
    localparam logic [11:0] DOORBELL_DW = 12'h040;       // DOORBELL_OFFSET / 4
    localparam logic [7:0]  SUBRANGE_SIGNATURE = 8'h50;  // + 8·bar + half
    localparam logic [31:0] MAX_TRANSFER_SIZE = 32'h0200_0000;

    // Fmt/Type as DW0[31:24] (PCIe Base 6.0 Table 2-3).
    localparam logic [7:0] MRD32 = 8'h00;
    localparam logic [7:0] MRD64 = 8'h20;
    localparam logic [7:0] MWR32 = 8'h40;
    localparam logic [7:0] MWR64 = 8'h60;
    localparam logic [7:0] CPL = 8'h0A;
    localparam logic [7:0] CPLD = 8'h4A;
    localparam logic [2:0] CPL_SC = 3'b000;
    localparam logic [2:0] CPL_UR = 3'b001;

    localparam int RAM_BARS = 5;                          // BAR1-BAR5
    localparam int RAM_BAR_DWORDS = 4096;                 // 16 KiB each
    localparam int COPY_BUFFER_BYTES = 512;
    localparam int COPY_BUFFER_DWORDS = COPY_BUFFER_BYTES / 4;

    reg [31:0] magic;
    reg [31:0] status;
    reg [31:0] src_low;
    reg [31:0] src_high;
    reg [31:0] dst_low;
    reg [31:0] dst_high;
    reg [31:0] size;
    reg [31:0] checksum;
    reg [31:0] irq_type;
    reg [31:0] irq_number;
    reg        flag_use_dma;
    reg        doorbell_armed;

    // BAR1-BAR5: one RAM, BAR n at DW (n - 1) * 4096. doorbell_dw mirrors BAR1 + 100h (the doorbell compares the whole
    // DW after a write, whatever its byte enables).
    reg [31:0] ram [0:RAM_BARS*RAM_BAR_DWORDS-1];
    reg [31:0] doorbell_dw;

    // ---- helpers -------------------------------------------------------------------------------------------------------
    // crc32_le: reflected CRC-32 (polynomial EDB88320h), bytes least significant first, count of them valid.
    function automatic [31:0] crc32_bytes(input [31:0] crc, input [31:0] data, input [2:0] count);
        reg [31:0] c;
        c = crc;
        for (int i = 0; i < 4; i++) begin
            if (i < int'(count)) begin
                c = c ^ {24'd0, data[i*8 +: 8]};
                for (int bit_index = 0; bit_index < 8; bit_index++) c = (c >> 1) ^ (c[0] ? 32'hEDB8_8320 : 32'd0);
            end
        end
        return c;
    endfunction

    // The WRITE command's data: DW k of the transfer, a hash of k and the command's seed.
    function automatic [31:0] pattern(input [31:0] seed, input [31:0] k);
        reg [31:0] x;
        x = (k * 32'h9E37_79B1) ^ seed;
        x = x ^ (x >> 15);
        x = x * 32'h2C1B_3C6D;
        x = x ^ (x >> 12);
        return x;
    endfunction

    function automatic [3:0] byte_enables(input [12:0] bytes);   // BEs of a DW holding min(bytes, 4) bytes from its start
        case (bytes >= 13'd4 ? 13'd4 : bytes)
            13'd1: byte_enables = 4'b0001;
            13'd2: byte_enables = 4'b0011;
            13'd3: byte_enables = 4'b0111;
            default: byte_enables = 4'b1111;
        endcase
    endfunction

    function automatic [13:0] smaller(input [13:0] a, input [13:0] b);
        smaller = a < b ? a : b;
    endfunction

    function automatic [31:0] merge(input [31:0] old_value, input [31:0] new_value, input [3:0] be);
        merge = {be[3] ? new_value[31:24] : old_value[31:24], be[2] ? new_value[23:16] : old_value[23:16],
                 be[1] ? new_value[15:8] : old_value[15:8], be[0] ? new_value[7:0] : old_value[7:0]};
    endfunction

    function automatic [14:0] ram_index(input [2:0] bar, input [11:0] dw);
        ram_index = {bar - 3'd1, dw};
    endfunction

    function automatic [31:0] read_register(input [9:0] index);
        case (index)
            REG_MAGIC: read_register = magic;
            REG_STATUS: read_register = status;
            REG_SRC_LOW: read_register = src_low;
            REG_SRC_HIGH: read_register = src_high;
            REG_DST_LOW: read_register = dst_low;
            REG_DST_HIGH: read_register = dst_high;
            REG_SIZE: read_register = size;
            REG_CHECKSUM: read_register = checksum;
            REG_IRQ_TYPE: read_register = irq_type;
            REG_IRQ_NUMBER: read_register = irq_number;
            REG_FLAGS: read_register = {31'd0, flag_use_dma};
            REG_CAPS: read_register = CAPS;
            REG_DB_BAR: read_register = doorbell_armed ? DOORBELL_BAR : NO_BAR;
            REG_DB_OFFSET: read_register = doorbell_armed ? DOORBELL_OFFSET : 32'd0;
            REG_DB_DATA: read_register = doorbell_armed ? DOORBELL_VALUE : 32'd0;
            default: read_register = 32'd0;          // COMMAND, and BAR0 beyond the registers
        endcase
    endfunction

    // ---- host requests -------------------------------------------------------------------------------------------------
    // Header DW0/DW1 are kept from the first beat; the address arrives in the second (lane 0, or lane 1 after the upper
    // address of a 4-DW header). Write data lands as it streams in; a read starts the completer at its last beat.
    reg [31:0] rq_dw0;
    reg [31:0] rq_dw1;
    reg [31:0] rq_address_kept;
    reg [2:0]  rq_bar;
    reg [10:0] rq_beat_dw;                 // index of the DW in lane 0 of the current beat

    wire [7:0]  rq_format_type = rq_dw0[31:24];
    wire        rq_four_dw = rq_dw0[29];
    wire [10:0] rq_length = rq_dw0[9:0] == 10'd0 ? 11'd1024 : {1'b0, rq_dw0[9:0]};
    wire [10:0] rq_header_dwords = rq_four_dw ? 11'd4 : 11'd3;
    wire [3:0]  rq_last_be = rq_dw1[7:4];
    wire [3:0]  rq_first_be = rq_dw1[3:0];
    wire        rq_is_read = rq_format_type == MRD32 || rq_format_type == MRD64;
    wire        rq_is_write = rq_format_type == MWR32 || rq_format_type == MWR64;
    // Posted: MWr (Type 00000b with data) and messages (Type 10rrrb).
    wire        rq_is_posted = (rq_format_type[4:0] == 5'b00000 && rq_format_type[6]) || rq_format_type[4:3] == 2'b10;
    wire        rq_address_beat = !h2d_req_sop && rq_beat_dw == 11'd2;
    wire [31:0] rq_address = rq_address_beat ? (rq_four_dw ? h2d_req_data[63:32] : h2d_req_data[31:0]) : rq_address_kept;
    wire [11:0] rq_first_dw = rq_address[13:2];
    wire [12:0] rq_byte_count = rq_length == 11'd1
        ? (rq_first_be[3] && rq_first_be[0] ? 13'd4 : (rq_first_be[3] && rq_first_be[1]) || (rq_first_be[2] && rq_first_be[0]) ? 13'd3
           : (rq_first_be == 4'b0011 || rq_first_be == 4'b0110 || rq_first_be == 4'b1100) ? 13'd2 : 13'd1)
        : {rq_length, 2'b00} - (rq_first_be[0] ? 13'd0 : rq_first_be[1] ? 13'd1 : rq_first_be[2] ? 13'd2 : 13'd3)
                             - (rq_last_be[3] ? 13'd0 : rq_last_be[2] ? 13'd1 : rq_last_be[1] ? 13'd2 : 13'd3);
    // Lower Address[1:0] of the first completion (00b for a zero-length read, PCIe Base 6.0 Table 2-39).
    wire [1:0]  rq_first_offset = rq_first_be[0] ? 2'd0 : rq_first_be[1] ? 2'd1 : rq_first_be[2] ? 2'd2 : rq_first_be[3] ? 2'd3 : 2'd0;

    // Write data DW p of the request: its byte enables.
    function automatic [3:0] rq_byte_enables(input [10:0] p);
        if (p == 11'd0) rq_byte_enables = rq_first_be;
        else if (p == rq_length - 11'd1) rq_byte_enables = rq_last_be;
        else rq_byte_enables = 4'b1111;
    endfunction

    // ---- the completer: CplD for host reads, split at Max_Payload_Size and the 64-byte RCB; Cpl UR for the rest --------
    reg        cp_active;
    reg        cp_unsupported;
    reg        cp_first;
    reg [2:0]  cp_bar;
    reg [12:0] cp_dw;                      // DW offset in the BAR of the current completion's first data DW
    reg [10:0] cp_dw_left;                 // data DWs of the request not yet sent (before the current completion)
    reg [12:0] cp_byte_count;              // Byte Count of the current completion
    reg [1:0]  cp_first_offset;
    reg [10:0] cp_beat;                    // beat of the current completion
    reg [31:0] cp_header0;                 // DW0 without Length
    reg [31:0] cp_header2;                 // DW2 without Lower Address

    wire [10:0] max_payload_dwords = 11'd32 << cfg_max_payload_size;
    wire [10:0] to_boundary = max_payload_dwords - {7'd0, cp_dw[3:0]};
    wire [10:0] cp_dwords = cp_unsupported ? 11'd0 : (cp_dw_left < to_boundary ? cp_dw_left : to_boundary);
    wire [11:0] cp_total = 12'd3 + {1'b0, cp_dwords};
    wire        cp_last_beat = {cp_beat, 1'b0} + 12'd2 >= cp_total;
    wire        cp_last_completion = cp_unsupported || cp_dwords == cp_dw_left;
    wire [12:0] cp_bytes = {cp_dwords, 2'b00} - (cp_first ? {11'd0, cp_first_offset} : 13'd0);
    wire        cp_load = cp_active && (!d2h_cpl_valid || d2h_cpl_ready);

    function automatic [31:0] cp_data(input [11:0] dw);
        if (cp_bar == 3'd0) cp_data = read_register(dw[9:0]);
        else cp_data = ram[ram_index(cp_bar, dw)];
    endfunction

    function automatic [31:0] cp_tlp_dw(input [11:0] k);
        if (k == 12'd0) cp_tlp_dw = {cp_unsupported ? CPL : CPLD, cp_header0[23:10], cp_unsupported ? 10'd0 : cp_dwords[9:0]};
        else if (k == 12'd1) cp_tlp_dw = {completer_id, cp_unsupported ? CPL_UR : CPL_SC, 1'b0, cp_byte_count[11:0]};
        else if (k == 12'd2) cp_tlp_dw = {cp_header2[31:7], cp_unsupported ? cp_header2[6:0] : {cp_dw[4:0], cp_first ? cp_first_offset : 2'd0}};
        else cp_tlp_dw = cp_data(12'(cp_dw + 13'(k - 12'd3)));
    endfunction

    // ---- commands ------------------------------------------------------------------------------------------------------
    reg        command_pending;
    reg [31:0] command;
    reg        filling;
    reg [2:0]  fill_bar;
    reg [11:0] fill_dw;

    wire [2:0] subrange_bar = size[2:0];
    wire       subrange_bar_valid = size >= 32'd1 && size <= 32'd5;

    assign h2d_req_ready = !rst && !cp_active && !command_pending && !filling;

    // ---- the DMA engine ------------------------------------------------------------------------------------------------
    typedef enum logic [2:0] { DMA_IDLE, DMA_READ_REQUEST, DMA_READ_DATA, DMA_WRITE, DMA_DONE } dma_state_t;
    dma_state_t dma_state;
    reg [5:0]  operation;                  // the COMMAND bit being executed
    reg [63:0] src_pointer;
    reg [63:0] dst_pointer;
    reg [31:0] remaining;                  // bytes still to move
    reg [13:0] chunk;                      // bytes of the current request
    reg [13:0] chunk_left;                 // bytes of the current read still to arrive
    reg [31:0] crc;
    reg [31:0] seed;
    reg [31:0] dw_counter;                 // DWs of pattern written so far
    reg        failed;
    reg        source_invalid;
    reg        destination_invalid;
    reg [7:0]  dma_tag;
    reg [31:0] free_running;
    reg [31:0] copy_buffer [0:COPY_BUFFER_DWORDS-1];
    reg [7:0]  copy_fill;                  // DWs received into the copy buffer
    reg [10:0] beat_dw;                    // index of the DW in lane 0 of the current beat of the request being sent

    wire is_read = operation[COMMAND_READ];
    wire is_write = operation[COMMAND_WRITE];
    wire is_copy = operation[COMMAND_COPY];

    wire [13:0] max_read = 14'd128 << cfg_max_read_request_size;
    wire [13:0] max_payload = 14'd128 << cfg_max_payload_size;
    wire [13:0] src_to_boundary = 14'd4096 - {2'b00, src_pointer[11:0]};
    wire [13:0] dst_to_boundary = 14'd4096 - {2'b00, dst_pointer[11:0]};
    wire [13:0] remaining_capped = remaining > 32'd4096 ? 14'd4096 : remaining[13:0];
    wire [13:0] read_chunk = is_copy
        ? smaller(smaller(smaller(remaining_capped, max_read), smaller(src_to_boundary, dst_to_boundary)), smaller(max_payload, 14'(COPY_BUFFER_BYTES)))
        : smaller(smaller(remaining_capped, max_read), src_to_boundary);
    wire [13:0] write_chunk = is_copy ? chunk : smaller(smaller(remaining_capped, max_payload), dst_to_boundary);

    // The request being sent: MRd (header only) or MWr (header and data).
    wire        sending_write = dma_state == DMA_WRITE;
    wire [63:0] request_address = sending_write ? dst_pointer : src_pointer;
    wire        request_four_dw = request_address[63:32] != 32'd0;
    wire [13:0] request_bytes = sending_write ? write_chunk : read_chunk;
    wire [10:0] request_length = 11'((request_bytes + 14'd3) >> 2);
    wire [12:0] request_last_bytes = 13'(request_bytes - {request_length - 11'd1, 2'b00});
    wire [3:0]  request_first_be = byte_enables(request_bytes[12:0] > 13'd4 ? 13'd4 : request_bytes[12:0]);
    wire [3:0]  request_last_be = request_length == 11'd1 ? 4'b0000 : byte_enables(request_last_bytes);
    wire [10:0] request_header_dwords = request_four_dw ? 11'd4 : 11'd3;
    wire [10:0] request_dwords = request_header_dwords + (sending_write ? request_length : 11'd0);

    function automatic [31:0] request_dw(input [10:0] k);
        if (k == 11'd0) request_dw = {sending_write ? (request_four_dw ? MWR64 : MWR32) : (request_four_dw ? MRD64 : MRD32), 14'd0, request_length[9:0]};
        else if (k == 11'd1) request_dw = {completer_id, dma_tag, request_last_be, request_first_be};
        else if (k == 11'd2) request_dw = request_four_dw ? request_address[63:32] : request_address[31:0];
        else if (k == 11'd3 && request_four_dw) request_dw = request_address[31:0];
        else if (is_copy) request_dw = copy_buffer[7'(k - request_header_dwords)];
        else request_dw = pattern(seed, dw_counter + {21'd0, k - request_header_dwords});
    endfunction

    wire sending = dma_state == DMA_READ_REQUEST || dma_state == DMA_WRITE;
    wire request_last = beat_dw + 11'd2 >= request_dwords;
    assign d2h_req_valid = sending;
    assign d2h_req_sop = beat_dw == 11'd0;
    assign d2h_req_eop = request_last;
    assign d2h_req_keep = request_last && request_dwords[0] ? 2'b01 : 2'b11;
    assign d2h_req_data = {request_last && request_dwords[0] ? 32'd0 : request_dw(beat_dw + 11'd1), request_dw(beat_dw)};
    wire request_fire = sending && d2h_req_ready;

    // Bytes of pattern data in DW k of the MWr being sent (for the WRITE command's CRC): data DW j holds min(4, chunk - 4j).
    function automatic [2:0] data_bytes(input [10:0] k);
        reg [13:0] offset;
        if (k < request_header_dwords || k >= request_dwords) return 3'd0;
        offset = {1'b0, k - request_header_dwords, 2'b00};
        return write_chunk - offset >= 14'd4 ? 3'd4 : 3'(write_chunk - offset);
    endfunction

    // Completions of the DMA reads: always taken; used only when their Tag (DW2, lane 0 of beat 1) is the outstanding
    // read's, so late completions of a read given up are dropped.
    assign h2d_cpl_ready = !rst;
    reg [31:0]  cpl_dw0;
    reg [2:0]   cpl_status;
    reg [10:0]  cpl_beat_dw;
    reg         cpl_ours;
    wire        cpl_fire = h2d_cpl_valid && h2d_cpl_ready;
    wire        cpl_match = cpl_beat_dw == 11'd2 ? (dma_state == DMA_READ_DATA && h2d_cpl_data[15:8] == dma_tag) : cpl_ours;
    wire        cpl_error = cpl_status != CPL_SC || cpl_dw0[31:24] != CPLD;
    wire        cpl_poisoned = cpl_dw0[14];
    wire [2:0]  cpl_lane0 = (cpl_beat_dw >= 11'd3 && h2d_cpl_keep[0] && !cpl_error) ? (chunk_left >= 14'd4 ? 3'd4 : 3'(chunk_left)) : 3'd0;
    wire [13:0] chunk_after_lane0 = chunk_left - 14'(cpl_lane0);
    wire [2:0]  cpl_lane1 = (h2d_cpl_keep[1] && !cpl_error) ? (chunk_after_lane0 >= 14'd4 ? 3'd4 : 3'(chunk_after_lane0)) : 3'd0;
    wire [13:0] chunk_after = chunk_after_lane0 - 14'(cpl_lane1);

    // ---- interrupts ----------------------------------------------------------------------------------------------------
    reg intx_level;
    assign irq_intx = intx_level;
    // Waiting for a DMA read's completions is not busy: they start the clock when they arrive.
    assign busy = command_pending || cp_active || d2h_cpl_valid || filling || irq_req_valid
        || (dma_state != DMA_IDLE && dma_state != DMA_READ_DATA);

    // STATUS_IRQ_RAISED, then the interrupt IRQ_TYPE names: INTx held until STATUS is read, or MSI / MSI-X vector
    // IRQ_NUMBER - 1 (none when IRQ_NUMBER is 0 or above 32).
    task automatic raise_interrupt();
        status[STATUS_IRQ_RAISED] <= 1'b1;
        if (irq_type == IRQ_TYPE_INTX) intx_level <= 1'b1;
        else if (irq_number != 32'd0 && irq_number <= MAX_IRQ_NUMBER) begin
            irq_req_valid <= 1'b1;
            irq_req_vector <= 11'(irq_number - 32'd1);
        end
    endtask

    // A host write of one DW (p of the request) at DW offset dw of the request's BAR.
    task automatic write_dword(input [2:0] bar, input [11:0] dw, input [31:0] value, input [3:0] be);
        if (bar == 3'd0) begin
            case (dw[9:0])
                REG_MAGIC: magic <= merge(magic, value, be);
                REG_COMMAND: if (be != 4'b0000) begin
                    command <= merge(32'd0, value, be);
                    command_pending <= 1'b1;
                end
                REG_STATUS: status <= merge(status, value, be) & STATUS_WRITABLE;
                REG_SRC_LOW: src_low <= merge(src_low, value, be);
                REG_SRC_HIGH: src_high <= merge(src_high, value, be);
                REG_DST_LOW: dst_low <= merge(dst_low, value, be);
                REG_DST_HIGH: dst_high <= merge(dst_high, value, be);
                REG_SIZE: size <= merge(size, value, be);
                REG_CHECKSUM: checksum <= merge(checksum, value, be);
                REG_IRQ_TYPE: irq_type <= merge(irq_type, value, be);
                REG_IRQ_NUMBER: irq_number <= merge(irq_number, value, be);
                REG_FLAGS: if (be[0]) flag_use_dma <= value[0];
                default: ;
            endcase
        end else if (bar <= 3'd5) begin
            // No function call in an NBA's target: Verilator 5.032 (trixie) fails on it with an internal error
            // ("Multiple Write refs on LHS of NBA"); one whole-word write of the merged lanes instead.
            ram[{bar - 3'd1, dw}] <= merge(ram[{bar - 3'd1, dw}], value, be);
            if (bar == 3'd1 && dw == DOORBELL_DW) begin
                doorbell_dw <= merge(doorbell_dw, value, be);
                if (doorbell_armed && merge(doorbell_dw, value, be) == DOORBELL_VALUE) begin
                    status[STATUS_DOORBELL_SUCCESS] <= 1'b1;
                    raise_interrupt();
                end
            end
        end
    endtask

    always @(posedge clk) begin
        if (rst) begin
            rq_beat_dw <= 11'd0;
            cp_active <= 1'b0;
            d2h_cpl_valid <= 1'b0;
            d2h_cpl_data <= '0;
            d2h_cpl_keep <= '0;
            d2h_cpl_sop <= 1'b0;
            d2h_cpl_eop <= 1'b0;
            magic <= 32'd0;
            status <= 32'd0;
            src_low <= 32'd0;
            src_high <= 32'd0;
            dst_low <= 32'd0;
            dst_high <= 32'd0;
            size <= 32'd0;
            checksum <= 32'd0;
            irq_type <= 32'd0;
            irq_number <= 32'd0;
            flag_use_dma <= 1'b0;
            doorbell_armed <= 1'b0;
            command_pending <= 1'b0;
            filling <= 1'b0;
            dma_state <= DMA_IDLE;
            operation <= 6'd0;
            beat_dw <= 11'd0;
            failed <= 1'b0;
            source_invalid <= 1'b0;
            destination_invalid <= 1'b0;
            cpl_beat_dw <= 11'd0;
            cpl_ours <= 1'b0;
            dma_tag <= 8'd0;
            irq_req_valid <= 1'b0;
            irq_req_vector <= 11'd0;
            intx_level <= 1'b0;
            free_running <= 32'd0;
        end else begin
            free_running <= free_running + 32'd1;
            if (irq_req_valid && irq_req_ready) irq_req_valid <= 1'b0;

            // Host request beats.
            if (h2d_req_valid && h2d_req_ready) begin
                if (h2d_req_sop) begin
                    rq_dw0 <= h2d_req_data[31:0];
                    rq_dw1 <= h2d_req_data[63:32];
                    rq_bar <= h2d_req_bar;
                    rq_beat_dw <= 11'd2;
                end else begin
                    if (rq_address_beat) rq_address_kept <= rq_address;
                    for (int lane = 0; lane < 2; lane++) begin
                        automatic logic [10:0] k = rq_beat_dw + 11'(lane);
                        automatic logic [10:0] p = k - rq_header_dwords;
                        if (rq_is_write && h2d_req_keep[lane] && k >= rq_header_dwords && p < rq_length)
                            write_dword(rq_bar, rq_first_dw + 12'(p), h2d_req_data[lane*32 +: 32], rq_byte_enables(p));
                    end
                    rq_beat_dw <= rq_beat_dw + 11'd2;
                    if (h2d_req_eop && !rq_is_posted) begin
                        // The completer: CplD for a read, Cpl UR for any other non-posted request.
                        cp_active <= 1'b1;
                        cp_unsupported <= !rq_is_read;
                        cp_first <= 1'b1;
                        cp_bar <= rq_bar;
                        cp_dw <= {1'b0, rq_first_dw};
                        cp_dw_left <= rq_is_read ? rq_length : 11'd0;
                        cp_byte_count <= rq_is_read ? rq_byte_count : 13'd4;
                        cp_first_offset <= rq_first_offset;
                        cp_beat <= 11'd0;
                        cp_header0 <= {8'd0, rq_dw0[23:20], rq_dw0[19], rq_dw0[18], 4'b0000, rq_dw0[13:12], 2'b00, 10'd0};
                        cp_header2 <= {rq_dw1[31:16], rq_dw1[15:8], 1'b0,
                                       rq_is_read ? {rq_address[6:2], rq_first_offset} : 7'd0};
                        // The handler's STATUS read ends the INTx pulse.
                        if (rq_is_read && rq_bar == 3'd0 && rq_address[11:2] <= REG_STATUS
                            && {1'b0, rq_address[11:2]} + rq_length > {1'b0, REG_STATUS}) intx_level <= 1'b0;
                    end
                end
            end

            // Completion beats for the host.
            if (cp_load) begin
                d2h_cpl_valid <= 1'b1;
                d2h_cpl_sop <= cp_beat == 11'd0;
                d2h_cpl_eop <= cp_last_beat;
                d2h_cpl_keep <= cp_last_beat && cp_total[0] ? 2'b01 : 2'b11;
                d2h_cpl_data <= {cp_last_beat && cp_total[0] ? 32'd0 : cp_tlp_dw({cp_beat, 1'b1}), cp_tlp_dw({cp_beat, 1'b0})};
                if (!cp_last_beat) begin
                    cp_beat <= cp_beat + 11'd1;
                end else if (cp_last_completion) begin
                    cp_active <= 1'b0;
                end else begin
                    cp_beat <= 11'd0;
                    cp_first <= 1'b0;
                    cp_dw <= cp_dw + {2'b00, cp_dwords};
                    cp_dw_left <= cp_dw_left - cp_dwords;
                    cp_byte_count <= cp_byte_count - cp_bytes;
                end
            end else if (d2h_cpl_valid && d2h_cpl_ready) begin
                d2h_cpl_valid <= 1'b0;
            end

            // A COMMAND written by the host (requests wait meanwhile).
            if (command_pending) begin
                command_pending <= 1'b0;
                if (command != 32'd0 && dma_state == DMA_IDLE) begin
                    status <= 32'd0;
                    intx_level <= 1'b0;
                    if (irq_type <= IRQ_TYPE_MSIX) begin
                        case (command)
                            32'd1 << COMMAND_RAISE_INTX, 32'd1 << COMMAND_RAISE_MSI, 32'd1 << COMMAND_RAISE_MSIX: raise_interrupt();
                            32'd1 << COMMAND_READ, 32'd1 << COMMAND_WRITE, 32'd1 << COMMAND_COPY: begin
                                operation <= command[5:0];
                                src_pointer <= {src_high, src_low};
                                dst_pointer <= {dst_high, dst_low};
                                remaining <= size;
                                crc <= 32'hFFFF_FFFF;
                                seed <= free_running;
                                dw_counter <= 32'd0;
                                beat_dw <= 11'd0;
                                failed <= 1'b0;
                                source_invalid <= 1'b0;
                                destination_invalid <= 1'b0;
                                if (size == 32'd0 || size > MAX_TRANSFER_SIZE) begin
                                    failed <= 1'b1;
                                    dma_state <= DMA_DONE;
                                end else if ((!command[COMMAND_WRITE] && src_low[1:0] != 2'b00) || (!command[COMMAND_READ] && dst_low[1:0] != 2'b00)) begin
                                    source_invalid <= !command[COMMAND_WRITE] && src_low[1:0] != 2'b00;
                                    destination_invalid <= !command[COMMAND_READ] && dst_low[1:0] != 2'b00;
                                    failed <= 1'b1;
                                    dma_state <= DMA_DONE;
                                end else if (!cfg_bus_master_enable) begin
                                    // Refused like a failed DMA: the first access of the command is the one reported.
                                    source_invalid <= !command[COMMAND_WRITE];
                                    destination_invalid <= command[COMMAND_WRITE];
                                    failed <= 1'b1;
                                    dma_state <= DMA_DONE;
                                end else begin
                                    dma_state <= command[COMMAND_WRITE] ? DMA_WRITE : DMA_READ_REQUEST;
                                end
                            end
                            32'd1 << COMMAND_ENABLE_DOORBELL: begin
                                doorbell_armed <= 1'b1;
                                status[STATUS_DOORBELL_ENABLE_SUCCESS] <= 1'b1;
                                raise_interrupt();
                            end
                            32'd1 << COMMAND_DISABLE_DOORBELL: begin
                                doorbell_armed <= 1'b0;
                                status[STATUS_DOORBELL_DISABLE_SUCCESS] <= 1'b1;
                                raise_interrupt();
                            end
                            32'd1 << COMMAND_BAR_SUBRANGE_SETUP: begin
                                if (subrange_bar_valid) begin
                                    filling <= 1'b1;
                                    fill_bar <= subrange_bar;
                                    fill_dw <= 12'd0;
                                end else begin
                                    status[STATUS_BAR_SUBRANGE_SETUP_FAIL] <= 1'b1;
                                    raise_interrupt();
                                end
                            end
                            32'd1 << COMMAND_BAR_SUBRANGE_CLEAR: begin
                                status[subrange_bar_valid ? STATUS_BAR_SUBRANGE_CLEAR_SUCCESS : STATUS_BAR_SUBRANGE_CLEAR_FAIL] <= 1'b1;
                                raise_interrupt();
                            end
                            default: ;
                        endcase
                    end
                end
            end

            // BAR_SUBRANGE_SETUP: two DWs a cycle, first half 50h + 8·bar, second half one more.
            if (filling) begin
                for (int lane = 0; lane < 2; lane++) begin
                    automatic logic [11:0] dw = fill_dw + 12'(lane);
                    automatic logic [7:0] signature = SUBRANGE_SIGNATURE + {2'b00, fill_bar, 3'b000} + {7'd0, dw[11]};
                    ram[{fill_bar - 3'd1, dw}] <= {4{signature}};
                    if (fill_bar == 3'd1 && dw == DOORBELL_DW) doorbell_dw <= {4{signature}};
                end
                fill_dw <= fill_dw + 12'd2;
                if (fill_dw == 12'(RAM_BAR_DWORDS - 2)) begin
                    filling <= 1'b0;
                    status[STATUS_BAR_SUBRANGE_SETUP_SUCCESS] <= 1'b1;
                    raise_interrupt();
                end
            end

            // Completions of the DMA reads.
            if (cpl_fire) begin
                if (h2d_cpl_sop) begin
                    cpl_dw0 <= h2d_cpl_data[31:0];
                    cpl_status <= h2d_cpl_data[47:45];
                    cpl_beat_dw <= 11'd2;
                end else begin
                    cpl_beat_dw <= cpl_beat_dw + 11'd2;
                    if (cpl_beat_dw == 11'd2) cpl_ours <= cpl_match;
                    if (cpl_match) begin
                        if (is_read) crc <= crc32_bytes(crc32_bytes(crc, h2d_cpl_data[31:0], cpl_lane0), h2d_cpl_data[63:32], cpl_lane1);
                        if (is_copy) begin
                            if (cpl_lane0 != 3'd0) copy_buffer[7'(copy_fill)] <= h2d_cpl_data[31:0];
                            if (cpl_lane1 != 3'd0) copy_buffer[7'(copy_fill + (cpl_lane0 != 3'd0 ? 8'd1 : 8'd0))] <= h2d_cpl_data[63:32];
                            copy_fill <= copy_fill + (cpl_lane0 != 3'd0 ? 8'd1 : 8'd0) + (cpl_lane1 != 3'd0 ? 8'd1 : 8'd0);
                        end
                        chunk_left <= chunk_after;
                        if (cpl_poisoned) failed <= 1'b1;
                        if (h2d_cpl_eop && (cpl_error || chunk_after == 14'd0)) dma_tag <= dma_tag + 8'd1;   // the next read, a new Tag
                        if (h2d_cpl_eop) begin
                            if (cpl_error) begin
                                // UR, CA or the bridge's Completion Timeout: nothing more comes for this read.
                                failed <= 1'b1;
                                source_invalid <= 1'b1;
                                dma_state <= DMA_DONE;
                            end else if (chunk_after == 14'd0) begin
                                if (failed || cpl_poisoned) begin
                                    dma_state <= DMA_DONE;
                                end else if (is_copy) begin
                                    beat_dw <= 11'd0;
                                    dma_state <= DMA_WRITE;
                                end else begin
                                    src_pointer <= src_pointer + 64'(chunk);
                                    remaining <= remaining - 32'(chunk);
                                    dma_state <= remaining == 32'(chunk) ? DMA_DONE : DMA_READ_REQUEST;
                                end
                            end
                        end
                    end
                end
            end

            // DMA requests and the end of a transfer.
            case (dma_state)
                DMA_READ_REQUEST: if (request_fire) begin
                    if (request_last) begin
                        beat_dw <= 11'd0;
                        chunk <= read_chunk;
                        chunk_left <= read_chunk;
                        copy_fill <= 8'd0;
                        dma_state <= DMA_READ_DATA;
                    end else begin
                        beat_dw <= beat_dw + 11'd2;
                    end
                end
                DMA_WRITE: if (request_fire) begin
                    if (is_write) crc <= crc32_bytes(crc32_bytes(crc, request_dw(beat_dw), data_bytes(beat_dw)), request_dw(beat_dw + 11'd1), data_bytes(beat_dw + 11'd1));
                    if (request_last) begin
                        beat_dw <= 11'd0;
                        dst_pointer <= dst_pointer + 64'(write_chunk);
                        remaining <= remaining - 32'(write_chunk);
                        dw_counter <= dw_counter + 32'(request_length);
                        if (is_copy) src_pointer <= src_pointer + 64'(write_chunk);
                        dma_state <= remaining == 32'(write_chunk) ? DMA_DONE : (is_copy ? DMA_READ_REQUEST : DMA_WRITE);
                    end else begin
                        beat_dw <= beat_dw + 11'd2;
                    end
                end
                DMA_DONE: begin
                    dma_state <= DMA_IDLE;
                    status[STATUS_SRC_ADDR_INVALID] <= source_invalid;
                    status[STATUS_DST_ADDR_INVALID] <= destination_invalid;
                    if (is_read) begin
                        status[STATUS_READ_SUCCESS] <= !failed && crc == checksum;
                        status[STATUS_READ_FAIL] <= failed || crc != checksum;
                    end
                    if (is_write) begin
                        if (!failed) checksum <= crc;
                        status[STATUS_WRITE_SUCCESS] <= !failed;
                        status[STATUS_WRITE_FAIL] <= failed;
                    end
                    if (is_copy) begin
                        status[STATUS_COPY_SUCCESS] <= !failed;
                        status[STATUS_COPY_FAIL] <= failed;
                    end
                    raise_interrupt();
                end
                default: ;
            endcase

        end
    end

    wire unused = &{1'b0, rq_dw0[17:14], rq_dw0[11:10], cp_header0[31:24], cp_header0[9:0], cpl_dw0[30:15], cpl_dw0[13:0],
                    rq_address[1:0], rq_address[31:14], operation[2:0], request_last_be, h2d_cpl_data[44:32],
                    h2d_cpl_data[63:48], h2d_cpl_data[7:0], h2d_cpl_data[31:16], 1'b0};
endmodule
