from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('iomkb', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('section', 'Section'), ('case_study', 'Case study'), ('legal_framework', 'Legal framework')], max_length=20)),
                ('object_id', models.PositiveBigIntegerField()),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], max_length=10)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('url', models.CharField(max_length=500)),
                ('title', models.CharField(max_length=300)),
                ('summary', models.TextField(blank=True)),
                ('body', models.TextField(blank=True, help_text='Plain text of the rendered body.')),
            ],
            options={
                'verbose_name_plural': 'search entries',
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='unique_search_entry')],
            },
        ),
    ]
