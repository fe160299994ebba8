package com.relance.calendar;

/** A channel with its own contact hours. */
public enum WindowChannel {
    EMAIL, LINKEDIN, PHONE
}
