// pci_epf_test: Linux's PCI endpoint test function (drivers/pci/endpoint/functions/pci-epf-test.c) in RTL, behind
// the Cosim TLP-stream interface (docs/rtl-interface.md). The host side is Linux's pci_endpoint_test driver and
// pcitest; the register block is the test register BAR (BAR0) of that driver:
//
//   00h MAGIC        RW   scratch the driver's BAR test writes and reads back
//   04h COMMAND      RW   bit 0 raise INTx, 1 raise MSI, 2 raise MSI-X, 3 READ (device reads host memory at SRC
//                         and checks CHECKSUM), 4 WRITE (device writes SIZE pseudo-random bytes to DST and puts
//                         their CRC in CHECKSUM), 5 COPY (SRC to DST). Taken (and cleared) when written.
//   08h STATUS       RW   bit 0 READ_SUCCESS, 1 READ_FAIL, 2 WRITE_SUCCESS, 3 WRITE_FAIL, 4 COPY_SUCCESS,
//                         5 COPY_FAIL, 6 IRQ_RAISED, 7 SRC_ADDR_INVALID, 8 DST_ADDR_INVALID; cleared when a
//                         command starts
//   0Ch/10h LOWER/UPPER_SRC_ADDR, 14h/18h LOWER/UPPER_DST_ADDR, 1Ch SIZE (bytes), 20h CHECKSUM
//   24h IRQ_TYPE     RW   0 INTx, 1 MSI, 2 MSI-X: how the end of a command is signalled
//   28h IRQ_NUMBER   RW   1-based vector (MSI, MSI-X)
//   2Ch FLAGS        RW   (FLAG_USE_DMA: every transfer here is DMA anyway)
//   30h CAPS         RO   0
//
// CHECKSUM is crc32_le(~0, data, size), as the driver computes it (no final inversion). Transfers are split at
// Max_Read_Request_Size, Max_Payload_Size and 4 KiB boundaries; a COPY moves at most 512 bytes per chunk through
// a buffer. Addresses must be DW aligned (kmalloc'ed buffers are); others set SRC/DST_ADDR_INVALID and fail.
// INTx is raised as a 16-cycle pulse (Assert_INTx, then Deassert_INTx), as the DesignWare endpoint does.
// 64-bit data path.
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
    output wire                     d2h_cpl_valid,
    input  wire                     d2h_cpl_ready,
    output wire [DATA_WIDTH-1:0]    d2h_cpl_data,
    output wire [DATA_WIDTH/32-1:0] d2h_cpl_keep,
    output wire                     d2h_cpl_sop,
    output wire                     d2h_cpl_eop,
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
    // ---- register map -----------------------------------------------------------------------------------------------
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

    localparam int COMMAND_RAISE_INTX = 0;
    localparam int COMMAND_RAISE_MSI = 1;
    localparam int COMMAND_RAISE_MSIX = 2;
    localparam int COMMAND_READ = 3;
    localparam int COMMAND_WRITE = 4;
    localparam int COMMAND_COPY = 5;

    localparam int STATUS_READ_SUCCESS = 0;
    localparam int STATUS_READ_FAIL = 1;
    localparam int STATUS_WRITE_SUCCESS = 2;
    localparam int STATUS_WRITE_FAIL = 3;
    localparam int STATUS_COPY_SUCCESS = 4;
    localparam int STATUS_COPY_FAIL = 5;
    localparam int STATUS_IRQ_RAISED = 6;
    localparam int STATUS_SRC_ADDR_INVALID = 7;
    localparam int STATUS_DST_ADDR_INVALID = 8;

    localparam logic [1:0] IRQ_TYPE_INTX = 2'd0;
    localparam logic [1:0] IRQ_TYPE_MSI = 2'd1;

    // Fmt/Type as DW0[31:24] (PCIe Base 6.0 Table 2-3).
    localparam logic [7:0] MRD32 = 8'h00;
    localparam logic [7:0] MRD64 = 8'h20;
    localparam logic [7:0] MWR32 = 8'h40;
    localparam logic [7:0] MWR64 = 8'h60;
    localparam logic [7:0] CPL = 8'h0A;
    localparam logic [7:0] CPLD = 8'h4A;

    localparam int COPY_BUFFER_BYTES = 512;
    localparam int COPY_BUFFER_DWORDS = COPY_BUFFER_BYTES / 4;
    localparam int INTX_PULSE_CYCLES = 16;
    localparam logic [7:0] DMA_TAG = 8'h01;

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
    reg [31:0] flags;

    // ---- helpers -------------------------------------------------------------------------------------------------------
    // crc32_le: reflected CRC-32 (polynomial EDB88320h), bytes least significant first, count of them valid.
    function automatic [31:0] crc32_bytes(input [31:0] crc, input [63:0] data, input [3:0] count);
        reg [31:0] c;
        c = crc;
        for (int i = 0; i < 8; i++) begin
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

    // ---- host requests: store and forward, at most a 4-DW header and 2 data DWs ---------------------------------------
    reg [31:0] rq [0:5];
    reg [2:0]  rq_count;
    reg        rq_pending;
    reg [31:0] cq [0:18];                   // the completion being sent: 3 header DWs, up to 16 data DWs
    reg [4:0]  cq_count;
    reg [4:0]  cq_sent;
    reg        cq_active;

    assign h2d_req_ready = !rq_pending && !rst;

    wire [7:0]  rq_format_type = rq[0][31:24];
    wire        rq_four_dw = rq[0][29];
    wire [9:0]  rq_length = rq[0][9:0];
    wire [2:0]  rq_header_dwords = rq_four_dw ? 3'd4 : 3'd3;
    wire [15:0] rq_requester = rq[1][31:16];
    wire [9:0]  rq_tag = {rq[0][23], rq[0][19], rq[1][15:8]};
    wire [3:0]  rq_last_be = rq[1][7:4];
    wire [3:0]  rq_first_be = rq[1][3:0];
    wire [31:0] rq_address = rq_four_dw ? rq[3] : rq[2];
    wire [9:0]  rq_index = rq_address[11:2];
    wire        rq_is_read = rq_format_type == MRD32 || rq_format_type == MRD64;
    wire        rq_is_write = rq_format_type == MWR32 || rq_format_type == MWR64;
    // Posted: MWr (Type 00000b with data) and messages (Type 10rrrb).
    wire        rq_is_posted = (rq_format_type[4:0] == 5'b00000 && rq_format_type[6]) || rq_format_type[4:3] == 2'b10;
    wire [11:0] rq_byte_count = rq_length == 10'd1
        ? (rq_first_be[3] && rq_first_be[0] ? 12'd4 : (rq_first_be[3] && rq_first_be[1]) || (rq_first_be[2] && rq_first_be[0]) ? 12'd3
           : (rq_first_be == 4'b0011 || rq_first_be == 4'b0110 || rq_first_be == 4'b1100) ? 12'd2 : 12'd1)
        : {rq_length, 2'b00} - (rq_first_be[0] ? 12'd0 : rq_first_be[1] ? 12'd1 : rq_first_be[2] ? 12'd2 : 12'd3)
                             - (rq_last_be[3] ? 12'd0 : rq_last_be[2] ? 12'd1 : rq_last_be[1] ? 12'd2 : 12'd3);
    wire [1:0]  rq_first_offset = rq_first_be[0] ? 2'd0 : rq_first_be[1] ? 2'd1 : rq_first_be[2] ? 2'd2 : 2'd3;

    function automatic [31:0] read_register(input [9:0] index);
        case (index)
            REG_MAGIC: read_register = magic;
            REG_COMMAND: read_register = 32'd0;
            REG_STATUS: read_register = status;
            REG_SRC_LOW: read_register = src_low;
            REG_SRC_HIGH: read_register = src_high;
            REG_DST_LOW: read_register = dst_low;
            REG_DST_HIGH: read_register = dst_high;
            REG_SIZE: read_register = size;
            REG_CHECKSUM: read_register = checksum;
            REG_IRQ_TYPE: read_register = irq_type;
            REG_IRQ_NUMBER: read_register = irq_number;
            REG_FLAGS: read_register = flags;
            default: read_register = 32'd0;
        endcase
    endfunction

    wire cq_last = cq_sent + 5'd2 >= cq_count;
    assign d2h_cpl_valid = cq_active;
    assign d2h_cpl_sop = cq_sent == 5'd0;
    assign d2h_cpl_eop = cq_last;
    assign d2h_cpl_keep = cq_last && cq_count[0] ? 2'b01 : 2'b11;
    assign d2h_cpl_data = {cq_last && cq_count[0] ? 32'd0 : cq[cq_sent + 5'd1], cq[cq_sent]};

    // ---- the DMA engine ------------------------------------------------------------------------------------------------
    typedef enum logic [2:0] { DMA_IDLE, DMA_READ_REQUEST, DMA_READ_DATA, DMA_WRITE, DMA_DONE } dma_state_t;
    dma_state_t dma_state;
    reg [5:0]  operation;                  // the COMMAND bits being executed
    reg [63:0] src_pointer;
    reg [63:0] dst_pointer;
    reg [31:0] remaining;                  // bytes still to move
    reg [13:0] chunk;                      // bytes of the current request
    reg [13:0] chunk_left;                 // bytes of the current read still to arrive
    reg [31:0] crc;
    reg [31:0] seed;
    reg [31:0] dw_counter;                 // DWs of pattern written so far
    reg        failed;
    reg [31:0] free_running;
    reg [31:0] copy_buffer [0:COPY_BUFFER_DWORDS-1];
    reg [7:0]  copy_fill;                  // DWs received into the copy buffer
    reg [10:0] beat_dw;                    // index of the DW in lane 0 of the current beat of the TLP being sent or received

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
        else if (k == 11'd1) request_dw = {completer_id, DMA_TAG, request_last_be, request_first_be};
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

    // Bytes of pattern data in this beat (for the WRITE command's CRC): data DW j holds min(4, chunk - 4j) bytes.
    function automatic [3:0] data_bytes(input [10:0] k);
        reg [13:0] offset;
        if (k < request_header_dwords || k >= request_dwords) return 4'd0;
        offset = {1'b0, k - request_header_dwords, 2'b00};
        return write_chunk - offset >= 14'd4 ? 4'd4 : 4'(write_chunk - offset);
    endfunction
    wire [3:0] lane0_bytes = data_bytes(beat_dw);
    wire [3:0] lane1_bytes = data_bytes(beat_dw + 11'd1);

    // Receiving completions of a DMA read.
    assign h2d_cpl_ready = dma_state == DMA_READ_DATA && !rst;
    wire       completion_fire = h2d_cpl_valid && h2d_cpl_ready;
    wire [3:0] completion_lane0 = (beat_dw >= 11'd3 && h2d_cpl_keep[0]) ? (chunk_left >= 14'd4 ? 4'd4 : 4'(chunk_left)) : 4'd0;
    wire [13:0] chunk_after_lane0 = chunk_left - 14'(completion_lane0);
    wire [3:0] completion_lane1 = (beat_dw + 11'd1 >= 11'd3 && h2d_cpl_keep[1]) ? (chunk_after_lane0 >= 14'd4 ? 4'd4 : 4'(chunk_after_lane0)) : 4'd0;

    // ---- interrupts -------------------------------------------------------------------------------------------------------
    reg [4:0] intx_cycles;
    assign irq_intx = intx_cycles != 5'd0;
    assign busy = rq_pending || cq_active || dma_state != DMA_IDLE || irq_req_valid || irq_intx;

    task automatic raise_interrupt(input logic [1:0] kind);
        if (kind == IRQ_TYPE_INTX) intx_cycles <= 5'(INTX_PULSE_CYCLES);
        else begin
            irq_req_valid <= 1'b1;
            irq_req_vector <= irq_number == 32'd0 ? 11'd0 : 11'(irq_number - 32'd1);
        end
    endtask

    always @(posedge clk) begin
        if (rst) begin
            rq_count <= 3'd0;
            rq_pending <= 1'b0;
            cq_active <= 1'b0;
            cq_sent <= 5'd0;
            cq_count <= 5'd0;
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
            flags <= 32'd0;
            dma_state <= DMA_IDLE;
            operation <= 6'd0;
            beat_dw <= 11'd0;
            failed <= 1'b0;
            irq_req_valid <= 1'b0;
            irq_req_vector <= 11'd0;
            intx_cycles <= 5'd0;
            free_running <= 32'd0;
        end else begin
            free_running <= free_running + 32'd1;
            if (intx_cycles != 5'd0) intx_cycles <= intx_cycles - 5'd1;
            if (irq_req_valid && irq_req_ready) irq_req_valid <= 1'b0;

            // Host request beats into rq (extra DWs of a long write are dropped).
            if (h2d_req_valid && h2d_req_ready) begin
                if (h2d_req_sop) begin
                    rq[0] <= h2d_req_data[31:0];
                    rq[1] <= h2d_req_data[63:32];
                    rq_count <= 3'd2;
                end else if (rq_count <= 3'd4) begin
                    rq[rq_count] <= h2d_req_data[31:0];
                    rq[rq_count + 3'd1] <= h2d_req_data[63:32];
                    rq_count <= rq_count + 3'd2;
                end
                if (h2d_req_eop) rq_pending <= 1'b1;
            end

            // A whole host request: registers, or a completion.
            if (rq_pending && !cq_active) begin
                rq_pending <= 1'b0;
                if (rq_is_write && h2d_req_bar == 3'd0) begin
                    for (int i = 0; i < 2; i++) begin
                        if (i < int'(rq_length) && 3'(i) + rq_header_dwords < rq_count) begin
                            automatic logic [3:0] be = i == 0 ? rq_first_be : rq_last_be;
                            automatic logic [31:0] value = rq[3'(i) + rq_header_dwords];
                            case (rq_index + 10'(i))
                                REG_MAGIC: magic <= merge(magic, value, be);
                                REG_COMMAND: if (be[0] && dma_state == DMA_IDLE) begin
                                    status <= 32'd0;
                                    if (value[COMMAND_RAISE_INTX] || value[COMMAND_RAISE_MSI] || value[COMMAND_RAISE_MSIX]) begin
                                        status[STATUS_IRQ_RAISED] <= 1'b1;
                                        raise_interrupt(value[COMMAND_RAISE_INTX] ? IRQ_TYPE_INTX : IRQ_TYPE_MSI);
                                    end else if (value[COMMAND_READ] || value[COMMAND_WRITE] || value[COMMAND_COPY]) begin
                                        operation <= value[5:0];
                                        src_pointer <= {src_high, src_low};
                                        dst_pointer <= {dst_high, dst_low};
                                        remaining <= size;
                                        crc <= 32'hFFFF_FFFF;
                                        seed <= free_running;
                                        dw_counter <= 32'd0;
                                        beat_dw <= 11'd0;
                                        failed <= 1'b0;
                                        if ((!value[COMMAND_WRITE] && src_low[1:0] != 2'b00) || (!value[COMMAND_READ] && dst_low[1:0] != 2'b00)) begin
                                            status[STATUS_SRC_ADDR_INVALID] <= !value[COMMAND_WRITE] && src_low[1:0] != 2'b00;
                                            status[STATUS_DST_ADDR_INVALID] <= !value[COMMAND_READ] && dst_low[1:0] != 2'b00;
                                            failed <= 1'b1;
                                            dma_state <= DMA_DONE;
                                        end else if (!cfg_bus_master_enable) begin
                                            failed <= 1'b1;
                                            dma_state <= DMA_DONE;
                                        end else if (size == 32'd0) begin
                                            dma_state <= DMA_DONE;
                                        end else begin
                                            dma_state <= value[COMMAND_WRITE] ? DMA_WRITE : DMA_READ_REQUEST;
                                        end
                                    end
                                end
                                REG_STATUS: status <= merge(status, value, be);
                                REG_SRC_LOW: src_low <= merge(src_low, value, be);
                                REG_SRC_HIGH: src_high <= merge(src_high, value, be);
                                REG_DST_LOW: dst_low <= merge(dst_low, value, be);
                                REG_DST_HIGH: dst_high <= merge(dst_high, value, be);
                                REG_SIZE: size <= merge(size, value, be);
                                REG_CHECKSUM: checksum <= merge(checksum, value, be);
                                REG_IRQ_TYPE: irq_type <= merge(irq_type, value, be);
                                REG_IRQ_NUMBER: irq_number <= merge(irq_number, value, be);
                                REG_FLAGS: flags <= merge(flags, value, be);
                                default: ;
                            endcase
                        end
                    end
                end else if (!rq_is_posted) begin
                    cq_active <= 1'b1;
                    cq_sent <= 5'd0;
                    if (rq_is_read && h2d_req_bar == 3'd0) begin
                        cq[0] <= {CPLD, rq_tag[9], rq[0][22:20], rq_tag[8], rq[0][18], 4'b0000, rq[0][13:12], 2'b00, rq_length};
                        cq[1] <= {completer_id, 3'b000, 1'b0, rq_byte_count};
                        cq[2] <= {rq_requester, rq_tag[7:0], 1'b0, rq_address[6:2], rq_first_offset};
                        for (int i = 0; i < 16; i++) cq[3 + i] <= read_register(rq_index + 10'(i));
                        cq_count <= 5'd3 + (rq_length > 10'd16 ? 5'd16 : rq_length[4:0]);
                    end else begin
                        // Unsupported Request (Byte Count 4, or the read's, Lower Address 0 or the read's).
                        cq[0] <= {CPL, rq_tag[9], rq[0][22:20], rq_tag[8], rq[0][18], 4'b0000, rq[0][13:12], 2'b00, 10'd0};
                        cq[1] <= {completer_id, 3'b001, 1'b0, rq_is_read ? rq_byte_count : 12'd4};
                        cq[2] <= {rq_requester, rq_tag[7:0], 1'b0, rq_is_read ? {rq_address[6:2], rq_first_offset} : 7'd0};
                        cq_count <= 5'd3;
                    end
                end
            end

            if (cq_active && d2h_cpl_ready) begin
                if (cq_last) cq_active <= 1'b0;
                else cq_sent <= cq_sent + 5'd2;
            end

            // DMA.
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
                DMA_READ_DATA: if (completion_fire) begin
                    if (h2d_cpl_sop) begin
                        // DW0 and DW1: a failed completion (or a Cpl without data) ends the transfer.
                        if (h2d_cpl_data[15+32:13+32] != 3'b000 || h2d_cpl_data[31:24] != CPLD) failed <= 1'b1;
                        beat_dw <= 11'd2;
                    end else begin
                        if (is_read) crc <= crc32_bytes(crc32_bytes(crc, {32'd0, h2d_cpl_data[31:0]}, completion_lane0), {32'd0, h2d_cpl_data[63:32]}, completion_lane1);
                        if (is_copy) begin
                            if (completion_lane0 != 4'd0) copy_buffer[7'(copy_fill)] <= h2d_cpl_data[31:0];
                            if (completion_lane1 != 4'd0) copy_buffer[7'(copy_fill + (completion_lane0 != 4'd0 ? 8'd1 : 8'd0))] <= h2d_cpl_data[63:32];
                            copy_fill <= copy_fill + (completion_lane0 != 4'd0 ? 8'd1 : 8'd0) + (completion_lane1 != 4'd0 ? 8'd1 : 8'd0);
                        end
                        chunk_left <= chunk_left - 14'(completion_lane0) - 14'(completion_lane1);
                        beat_dw <= beat_dw + 11'd2;
                    end
                    if (h2d_cpl_eop) begin
                        beat_dw <= 11'd0;
                        if (failed || (h2d_cpl_sop && h2d_cpl_data[31:24] != CPLD)) begin
                            dma_state <= DMA_DONE;
                        end else if (chunk_left - 14'(completion_lane0) - 14'(completion_lane1) == 14'd0) begin
                            if (is_copy) begin
                                dma_state <= DMA_WRITE;
                            end else begin
                                src_pointer <= src_pointer + 64'(chunk);
                                remaining <= remaining - 32'(chunk);
                                dma_state <= remaining == 32'(chunk) ? DMA_DONE : DMA_READ_REQUEST;
                            end
                        end
                    end
                end
                DMA_WRITE: if (request_fire) begin
                    if (is_write) crc <= crc32_bytes(crc32_bytes(crc, {32'd0, request_dw(beat_dw)}, lane0_bytes), {32'd0, request_dw(beat_dw + 11'd1)}, lane1_bytes);
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
                    status[STATUS_IRQ_RAISED] <= 1'b1;
                    if (is_read) begin
                        status[STATUS_READ_SUCCESS] <= !failed && crc == checksum;
                        status[STATUS_READ_FAIL] <= failed || crc != checksum;
                    end
                    if (is_write) begin
                        checksum <= crc;
                        status[STATUS_WRITE_SUCCESS] <= !failed;
                        status[STATUS_WRITE_FAIL] <= failed;
                    end
                    if (is_copy) begin
                        status[STATUS_COPY_SUCCESS] <= !failed;
                        status[STATUS_COPY_FAIL] <= failed;
                    end
                    raise_interrupt(irq_type[1:0]);
                end
                default: ;
            endcase
        end
    end

    wire unused = &{1'b0, h2d_req_keep, h2d_cpl_keep[1], rq[1][31:16], rq_address[31:12], rq_address[1:0], operation[2:0],
                    request_last_be, h2d_cpl_data[12+32:32], magic[0], 1'b0};
endmodule
