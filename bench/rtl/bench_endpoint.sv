// bench_endpoint: the benchmark's "user logic behind a BAR". A valid/ready register request channel, a read
// response, a 16 x 32-bit register file with CTRL, CMP, STATUS (write 1 to clear) and COUNT, a counter that
// raises a sticky interrupt when it reaches CMP, and a 128-bit datapath. CRC_LANES > 0 adds that many lanes of
// CRC-32 over the 128-bit datapath per cycle, to make the design heavier.
module bench_endpoint #(
    parameter int CRC_LANES = 0
) (
    input  wire         clk,
    input  wire         rst,
    input  wire         req_valid,
    output wire         req_ready,
    input  wire [11:0]  req_addr,
    input  wire [31:0]  req_wdata,
    input  wire         req_we,
    output reg  [31:0]  rsp_rdata,
    output reg          rsp_rvalid,
    output reg          irq,
    input  wire [127:0] dp_in,
    output reg  [127:0] dp_out
);
    localparam logic [3:0] REG_CTRL = 4'h0;
    localparam logic [3:0] REG_CMP = 4'h1;
    localparam logic [3:0] REG_STATUS = 4'h2;
    localparam logic [3:0] REG_COUNT = 4'h3;

    reg [31:0] regs [0:15];
    reg [31:0] counter;
    wire [3:0] index = req_addr[5:2];
    wire [7:0] unused_address = {req_addr[11:6], req_addr[1:0]};

    assign req_ready = !rst;

    function automatic [31:0] crc32_step(input [31:0] crc, input [127:0] data);
        reg [31:0] c;
        c = crc;
        for (int i = 0; i < 128; i++) begin
            c = (c[31] ^ data[i]) ? ((c << 1) ^ 32'h04C1_1DB7) : (c << 1);
        end
        return c;
    endfunction

    localparam int LANES = CRC_LANES > 0 ? CRC_LANES : 1;
    reg [LANES-1:0][31:0] crc;
    reg [31:0] crc_fold;

    always @(posedge clk) begin
        for (int lane = 0; lane < LANES; lane++) begin
            crc[lane] <= (rst || CRC_LANES == 0) ? 32'hFFFF_FFFF : crc32_step(crc[lane] ^ lane, dp_in);
        end
    end

    always_comb begin
        crc_fold = 32'd0;
        for (int lane = 0; lane < CRC_LANES; lane++) crc_fold = crc_fold ^ crc[lane];
    end

    always @(posedge clk) begin
        if (rst) begin
            counter <= 32'd0;
            irq <= 1'b0;
            rsp_rvalid <= 1'b0;
            rsp_rdata <= 32'd0;
            for (int i = 0; i < 16; i++) regs[i] <= 32'd0;
        end else begin
            rsp_rvalid <= 1'b0;
            if (regs[REG_CTRL][0]) counter <= counter + 32'd1;
            if (regs[REG_CTRL][0] && counter == regs[REG_CMP]) begin
                irq <= 1'b1;
                regs[REG_STATUS][0] <= 1'b1;
            end
            if (req_valid && req_ready) begin
                if (req_we) begin
                    if (index == REG_STATUS) begin
                        regs[REG_STATUS] <= regs[REG_STATUS] & ~req_wdata;
                        if (req_wdata[0]) irq <= 1'b0;
                    end else begin
                        regs[index] <= req_wdata;
                    end
                end else begin
                    rsp_rvalid <= 1'b1;
                    rsp_rdata <= index == REG_COUNT ? counter : regs[index] ^ crc_fold;
                end
            end
        end
        dp_out <= {dp_in[31:0], dp_in[127:32]} ^ {4{crc_fold}};
    end
endmodule
