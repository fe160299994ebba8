/**
 * Business time: when a prospecting step may happen.
 * <p>
 * {@link com.relance.calendar.BusinessCalendar} answers, for a channel, a prospect's IANA time zone and
 * country, and a campaign's {@link com.relance.calendar.WindowSettings}, when the next slot is and what
 * "n business days" or "n business hours" later means. Defaults come from {@code relance.windows.*}
 * ({@link com.relance.calendar.WindowProperties}); public holidays come from jollyday.
 */
package com.relance.calendar;
