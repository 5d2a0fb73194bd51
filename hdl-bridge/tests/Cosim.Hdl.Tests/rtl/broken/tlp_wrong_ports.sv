// Deliberately broken: h2d_req_keep has one bit for a 64-bit data path (it needs one per 32-bit lane).
module tlp_wrong_ports (
    input  wire        clk,
    input  wire        rst,
    input  wire        h2d_req_valid,
    output wire        h2d_req_ready,
    input  wire [63:0] h2d_req_data,
    input  wire        h2d_req_keep,
    input  wire        h2d_req_sop,
    input  wire        h2d_req_eop,
    input  wire [2:0]  h2d_req_bar,
    output wire        d2h_cpl_valid,
    input  wire        d2h_cpl_ready,
    output wire [63:0] d2h_cpl_data,
    output wire [1:0]  d2h_cpl_keep,
    output wire        d2h_cpl_sop,
    output wire        d2h_cpl_eop
);
    assign h2d_req_ready = 1'b1;
    assign d2h_cpl_valid = 1'b0;
    assign d2h_cpl_data = 64'd0;
    assign d2h_cpl_keep = 2'b00;
    assign d2h_cpl_sop = 1'b0;
    assign d2h_cpl_eop = 1'b0;
    wire unused = &{1'b0, clk, rst, h2d_req_valid, h2d_req_data, h2d_req_keep, h2d_req_sop, h2d_req_eop, h2d_req_bar, d2h_cpl_ready};
endmodule
