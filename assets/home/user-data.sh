#!/bin/bash
set -e
yum install -y unicorn-rentals
echo "DB_HOST=unicorn-db.cluster-c9akciq32.us-east-1.rds.amazonaws.com" >> /etc/unicorn-rentals.env
echo "WORKERS=2" >> /etc/unicorn-rentals.env
systemctl enable --now unicorn-rentals
