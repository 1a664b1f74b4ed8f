package dev.rowgate.oauth.device;

/**
 * Model of device.jte: the code form (appName null), the confirmation (appName set, with the monthly cap the user
 * already set for that app, or ""), or the result (done set).
 */
public record DevicePage(String csrf, String userCode, String appName, String cap, String error, String done) {}
