package com.relance.campaign;

import org.springframework.data.mongodb.repository.MongoRepository;

/** The campaigns in MongoDB. Other modules read them by id. */
public interface Campaigns extends MongoRepository<Campaign, String> {
}
