package dev.rowgate.oauth.device;

/** Model of device.jte: the code form (appName null), the confirmation (appName set), or the result (done set). */
public record DevicePage(String csrf, String userCode, String appName, String error, String done) {}
